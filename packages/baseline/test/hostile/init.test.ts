import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, promises as fs } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { removeTempProjects, tempProject } from "../helpers.ts";
import { expectOutcome, expectRefused, NOBODY, openToOthers, runChecked } from "./harness.ts";

// `perfgate init` turns what it finds in a repository (file names, the branch) into shell
// commands and workflow YAML. File names went into commands unquoted (a `;` in a name ran a
// command at `establish`), the branch into YAML unquoted (`a,b` named two branches), and writes
// followed symbolic links out of the repository or stopped halfway.

afterAll(removeTempProjects);

const WROTE = /^(perfgate\.config\.json|\.github\/|\.github\/workflows\/|\.github\/workflows\/perfgate\.yml)$/;
const TINYBENCH = JSON.stringify({ name: "p", devDependencies: { tinybench: "^2.0.0" } });

type Entry = { run?: string; command?: string; module?: string };
async function entries(dir: string): Promise<Entry[]> {
  return JSON.parse(await fs.readFile(path.join(dir, "perfgate.config.json"), "utf8")).benchmarks;
}

/** Runs a command init wrote the way perfgate does: one /bin/sh -c in the project (npx offline: no registry). */
function sh(dir: string, command: string) {
  const env = { ...process.env, npm_config_offline: "true" };
  return spawnSync("/bin/sh", ["-c", command], { cwd: dir, encoding: "utf8", timeout: 60_000, env });
}

describe("init: file names reach shell commands quoted", () => {
  it("a TypeScript tinybench script named `c;id>PWNED;.bench.ts`: its command never runs `id`", async () => {
    const dir = await tempProject({
      "package.json": TINYBENCH,
      "bench/c;id>PWNED;.bench.ts": 'import { Bench } from "tinybench";\nawait new Bench().run();\n',
    });
    await expectOutcome(dir, ["init", "--main-branch", "main"], { code: 0, says: /PWNED/, adds: WROTE });
    const entry = (await entries(dir)).find((e) => (e.run ?? e.command ?? "").includes("PWNED"));
    expect(entry, "a command entry for the script").toBeDefined();
    sh(dir, entry!.run ?? entry!.command!);
    expect(existsSync(path.join(dir, "PWNED")), "the file name ran as a command").toBe(false);
  });

  it("a tinybench script whose name holds spaces and quotes runs as that one file", async () => {
    const file = `bench/it's a "fast" one.js`;
    const dir = await tempProject({
      "package.json": TINYBENCH,
      [file]:
        'require("node:fs").writeFileSync("RAN", "yes");\nimport("tinybench").catch(() => {});\nconst bench = { run() {} };\nbench.run();\n',
    });
    await expectOutcome(dir, ["init", "--main-branch", "main"], { code: 0, says: /tinybench script/, adds: WROTE });
    const entry = (await entries(dir)).find((e) => (e.run ?? "").includes("fast"));
    expect(entry?.run).toBeDefined();
    const r = sh(dir, entry!.run!);
    expect(r.status, r.stderr).toBe(0);
    expect(await fs.readFile(path.join(dir, "RAN"), "utf8")).toBe("yes");
  });

  it("a file name with a line break and `::error` is printed escaped, never as a line of its own", async () => {
    const dir = await tempProject({
      "package.json": TINYBENCH,
      "bench/x\n::error title=INJECTED::pwned.bench.js": "export function f() { return 1; }\n",
      "bench/y\n::warning::INJECTED.js": 'import { Bench } from "tinybench";\nawait new Bench().run();\n',
    });
    const r = await expectOutcome(dir, ["init", "--dry-run", "--main-branch", "main"], {
      code: 0,
      says: /benchmark file "bench\/x\\n::error title=INJECTED::pwned\.bench\.js"/,
      env: { GITHUB_ACTIONS: "true" },
    });
    expect(r.output).not.toMatch(/^::/m);
  });
});

// biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, written literally
const EXPRESSION = "${{github.token}}";

/** The branch filter GitHub reads, as the exact name it matches (`\x` is a literal x). */
const literal = (pattern: string) => pattern.replace(/\\(.)/g, "$1");

describe("init: the main branch goes into the workflow as data", () => {
  const valid = [
    "a,b",
    "'q'",
    "&x",
    "!tag",
    "release+1",
    "x]",
    "#hash",
    "{x}",
    "feat/ü-ñ",
    "u\u2028v",
    "%25",
    "a'b\"c",
  ];
  it.each(valid)("--main-branch %j is written so that it parses back exactly", async (branch) => {
    const dir = await tempProject({});
    // Two arguments: yargs strips one pair of quotes around a value given as `--main-branch='q'`.
    await expectOutcome(dir, ["init", "--main-branch", branch], { code: 0, says: /^Wrote /, adds: WROTE });
    const text = await fs.readFile(path.join(dir, ".github/workflows/perfgate.yml"), "utf8");
    const wf = parse(text);
    const [filter, ...more] = wf.on.push.branches as string[];
    expect(more).toEqual([]);
    expect(literal(filter!)).toBe(branch);
    // +, ! and ] are glob characters in GitHub's branch filters: each is escaped.
    expect(filter).not.toMatch(/(^|[^\\])[+!\]]/);
    expect(wf.jobs["performance-regression"].steps.at(-1).with["main-branch"]).toBe(branch);
    expect(text).not.toContain("${{");
    expect(text.split("\n").every((l) => /^[\x20-\x7e]*$/.test(l))).toBe(true);
  });

  const invalid: [string, RegExp][] = [
    ["", /it is empty/],
    ["a\nb", /control character \(U\+000A\)/],
    ["a b", /it contains a space/],
    ["x..y", /it contains "\.\."/],
    ["a.lock", /ends with "\.lock"/],
    ["-x", /starts with "-"/],
    ["x/", /empty path component/],
    [".hidden", /starts with "\."/],
    ["a:b", /it contains ":"/],
    ["a*b", /it contains "\*"/],
    ["a@{b", /it contains "@\{"/],
    [EXPRESSION, /it contains "\$\{\{", which GitHub evaluates as an expression/],
  ];
  it.each(invalid)("--main-branch %j is refused, nothing written", async (branch, why) => {
    const dir = await tempProject({});
    const args = branch.startsWith("-") ? [`--main-branch=${branch}`] : ["--main-branch", branch];
    await expectRefused(dir, ["init", ...args], {
      code: 2,
      message: new RegExp(
        `--main-branch .* is not a branch name perfgate can write into the workflow: .*${why.source}`,
      ),
      remedy: /--main-branch/,
    });
  });

  it("a branch git reports that cannot go into a workflow (an expression in its name) is refused", async () => {
    const dir = await tempProject({ "package.json": "{}" });
    execFileSync("git", ["init", "-q", "-b", EXPRESSION], { cwd: dir });
    await expectRefused(dir, ["init"], {
      code: 2,
      message: /the branch git reports as the main branch, "\$\{\{github\.token\}\}", cannot go into the workflow/,
      remedy: /pass the main branch's exact name with --main-branch/,
    });
  });
});

describe("init writes inside the repository, both files or neither", () => {
  it("a `.github` that is a symbolic link to a folder outside the repository", async () => {
    const outside = await tempProject({});
    const dir = await tempProject({ "package.json": "{}" });
    await fs.symlink(outside, path.join(dir, ".github"));
    await expectRefused(dir, ["init", "--main-branch", "main"], {
      code: 2,
      message:
        /^perfgate: error: \.github is a symbolic link to .*, outside the repository, so \.github\/workflows\/perfgate\.yml cannot be written; nothing was written/,
      remedy: /make \.github a folder in it/,
    });
    expect(await fs.readdir(outside)).toEqual([]);
  });

  it("a `.github/workflows` that is a dangling symbolic link", async () => {
    const dir = await tempProject({ ".github/README.md": "hi\n" });
    await fs.symlink("../../nowhere", path.join(dir, ".github/workflows"));
    await expectRefused(dir, ["init", "--main-branch", "main"], {
      code: 2,
      message: /\.github\/workflows is a symbolic link to \.\.\/\.\.\/nowhere, which does not exist/,
      remedy: /make \.github\/workflows a folder/,
    });
  });

  it("a dangling symbolic link at the workflow's path is an existing file: not replaced without --force", async () => {
    const outside = await tempProject({});
    const dir = await tempProject({ ".github/workflows/.keep": "" });
    const link = path.join(dir, ".github/workflows/perfgate.yml");
    await fs.symlink(path.join(outside, "made.yml"), link);
    await expectRefused(dir, ["init", "--main-branch", "main"], {
      code: 2,
      message: /\.github\/workflows\/perfgate\.yml already exists; nothing was written/,
      remedy: /--force/,
    });
    // --force replaces the link itself and writes nothing through it.
    const forced = await runChecked(dir, ["init", "--main-branch", "main", "--force"]);
    expect(forced.code, forced.output).toBe(0);
    expect(forced.stdout).toContain("replaced: .github/workflows/perfgate.yml, --force");
    expect((await fs.lstat(link)).isFile()).toBe(true);
    expect(await fs.readdir(outside)).toEqual([]);
  });

  it("--force over a directory named perfgate.config.json: refused, no temporary file left", async () => {
    const dir = await tempProject({ "perfgate.config.json/keep.txt": "mine" });
    await expectRefused(dir, ["init", "--force", "--main-branch", "main"], {
      code: 2,
      message: /perfgate\.config\.json is a directory, not a file; nothing was written/,
      remedy: /move perfgate\.config\.json away/,
    });
  });

  it("a `.github/workflows` that is a file: refused before the config is written", async () => {
    const dir = await tempProject({ ".github/workflows": "not a folder\n" });
    await expectRefused(dir, ["init", "--main-branch", "main"], {
      code: 2,
      message:
        /\.github\/workflows is a file, not a folder, so \.github\/workflows\/perfgate\.yml cannot be written; nothing was written/,
      remedy: /move \.github\/workflows away/,
    });
  });

  it("a read-only .github/workflows: the config written first is taken back", async () => {
    const dir = await tempProject({ ".github/workflows/ci.yml": "name: ci\n" });
    await openToOthers(dir);
    await fs.chmod(dir, 0o777);
    await fs.chmod(path.join(dir, ".github/workflows"), 0o555);
    await expectRefused(dir, ["init", "--main-branch", "main"], {
      code: 2,
      message: /file \.github\/workflows\/perfgate\.yml cannot be written \(permission denied\)/,
      remedy: /make its folder writable/,
      asUser: NOBODY,
    });
  });
});
