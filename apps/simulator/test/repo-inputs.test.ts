import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openRepoTarget, type RepoTargetOptions } from "../src/repo/repo-target.ts";
import { createRepoWorkCopy, openRepoSource } from "../src/repo/repo-source.ts";
import { GIT_ENV, hashTree, makePythonProject, SLOW_FIB_PATCH } from "./python-project.ts";
import { simulateCli } from "./helpers.ts";

// Every bad --repo input is refused before the mock starts or act runs, with a remedy, and DIR
// is left exactly as it was (hashed before and after, .git included).
let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "perfgate-repo-inputs-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

let n = 0;
async function project(edit?: (dir: string) => Promise<void>): Promise<string> {
  const dir = join(root, `p${++n}`);
  await makePythonProject(dir, { gate: "cli" });
  if (edit) {
    await edit(dir);
    await execa("git", ["add", "-A"], { cwd: dir, env: GIT_ENV });
    await execa("git", ["commit", "-q", "-m", "edit"], { cwd: dir, env: GIT_ENV });
  }
  return dir;
}

async function refused(dir: string, opts: Partial<RepoTargetOptions> = {}) {
  const before = await hashTree(dir);
  const status = (await execa("git", ["status", "--porcelain"], { cwd: dir, reject: false })).stdout;
  const err = await openRepoTarget({
    repo: dir,
    scenarios: ["main", "pr"],
    scratchDir: join(root, `scratch-${n}`),
    ...opts,
  }).then(
    () => undefined,
    (e: Error & { code?: string; remedy?: string }) => e,
  );
  expect(await hashTree(dir)).toBe(before);
  expect((await execa("git", ["status", "--porcelain"], { cwd: dir, reject: false })).stdout).toBe(status);
  if (!err) throw new Error("expected openRepoTarget to refuse");
  expect(err.remedy, err.message).toBeTruthy();
  return err;
}

const rewrite = (file: string, from: string | RegExp, to: string) => async (dir: string) =>
  writeFile(join(dir, file), (await readFile(join(dir, file), "utf8")).replace(from, to));

describe("work copies from DIR's history", () => {
  it("main with its history, the PR (a patch or a branch) on top, no remote back to DIR", async () => {
    const dir = await project(rewrite("README.md", "Tiny", "Small"));
    await execa("git", ["checkout", "-q", "-b", "slow-fib"], { cwd: dir, env: GIT_ENV });
    await execa("git", ["apply", "-"], { cwd: dir, input: SLOW_FIB_PATCH });
    await execa("git", ["commit", "-qam", "Slower fib"], { cwd: dir, env: GIT_ENV });
    await execa("git", ["checkout", "-q", "main"], { cwd: dir, env: GIT_ENV });
    await writeFile(join(dir, "README.md"), "uncommitted edit\n");
    const before = await hashTree(dir);
    const source = await openRepoSource(dir);
    const git = (cwd: string, ...a: string[]) => execa("git", a, { cwd }).then((r) => r.stdout.trim());
    const parent = join(root, "copies");

    const main = await createRepoWorkCopy(source, {
      parent,
      label: "main",
      branch: "main",
      change: { kind: "none" },
      commitMessage: "-",
    });
    expect(main.sha).toBe(source.mainSha);
    expect(await git(main.dir, "log", "--format=%s")).toBe("edit\ntextkit with the perfgate gate");
    expect(await readFile(join(main.dir, "README.md"), "utf8")).toMatch(/Small text utilities/); // committed, not the edit
    expect(await git(main.dir, "remote")).toBe("");

    const pr = await createRepoWorkCopy(source, {
      parent,
      label: "regression",
      branch: "simulate/regression",
      change: { kind: "branch", branch: "slow-fib" },
      commitMessage: "-",
    });
    expect(await git(pr.dir, "rev-parse", "--abbrev-ref", "HEAD")).toBe("simulate/regression");
    expect(await git(pr.dir, "merge-base", "--is-ancestor", source.mainSha, "HEAD").then(() => "yes")).toBe("yes");
    expect(await git(pr.dir, "diff", "--name-only", "main", "HEAD")).toBe("textkit/fib.py");

    const withEdit = await openRepoSource(dir, { includeUncommitted: true });
    const edited = await createRepoWorkCopy(withEdit, {
      parent,
      label: "pr",
      branch: "simulate/pr",
      change: { kind: "none" },
      commitMessage: "no change",
    });
    expect(await readFile(join(edited.dir, "README.md"), "utf8")).toBe("uncommitted edit\n");
    expect(await hashTree(dir)).toBe(before);
  });
});

describe("openRepoTarget refuses bad --repo input, touching nothing", () => {
  it("a directory that is not a git repository", async () => {
    const dir = join(root, "plain");
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, "perfgate.config.json"), "{}");
    const err = await refused(dir);
    expect(err.code).toBe("REPO_NOT_GIT");
    expect(err.message).toMatch(/is not a git repository/);
    expect(err.remedy).toMatch(/git init/);
  });

  it("a repository with no workflow, and a --workflow that is not there", async () => {
    const dir = await project(async (d) => rm(join(d, ".github"), { recursive: true }));
    const none = await refused(dir);
    expect(none.code).toBe("REPO_NO_WORKFLOW");
    expect(none.message).toMatch(/has no workflow in \.github\/workflows\//);

    const other = await project();
    const missing = await refused(other, { workflow: "perf.yml" });
    expect(missing.code).toBe("REPO_NO_WORKFLOW");
    expect(missing.message).toMatch(
      /--workflow perf\.yml: main \([0-9a-f]{7}\) of .* has no \.github\/workflows\/perf\.yml/,
    );
    expect(missing.remedy).toMatch(/\.github\/workflows\/ci\.yml/);
  });

  it("a workflow only in the working tree: refused unless --include-uncommitted", async () => {
    const dir = await project();
    await writeFile(join(dir, ".github/workflows/new.yml"), await readFile(join(dir, ".github/workflows/ci.yml")));
    const err = await refused(dir, { workflow: "new.yml" });
    expect(err.message).toMatch(/in the working tree, not committed/);
    expect(err.remedy).toMatch(/--include-uncommitted/);
    const before = await hashTree(dir);
    const target = await openRepoTarget({
      repo: dir,
      workflow: "new.yml",
      includeUncommitted: true,
      scenarios: ["pr"],
      scratchDir: join(root, "scratch-uncommitted"),
    });
    expect(target.scan.file).toBe(".github/workflows/new.yml");
    expect(await hashTree(dir)).toBe(before);
  });

  it("no perfgate step: says which jobs were searched and what was looked for", async () => {
    const dir = await project(
      rewrite(".github/workflows/ci.yml", /node tools\/perfgate\.cjs (validate|establish|check)/g, "echo skipped"),
    );
    const err = await refused(dir);
    expect(err.code).toBe("NO_PERFGATE_STEP");
    expect(err.message).toMatch(/searched jobs tests, performance/);
    expect(err.message).toMatch(/uses: perfgate\/perfgate@<ref>/);
    expect(err.message).toMatch(/perfgate <establish\|check\|validate\|compare>/);

    const named = await refused(await project(), { job: "tests" });
    expect(named.code).toBe("NO_PERFGATE_STEP");
    expect(named.message).toMatch(/job 'tests' of \.github\/workflows\/ci\.yml has no perfgate step/);
    expect(named.remedy).toMatch(/--job performance/);
  });

  it("no perfgate.config.json", async () => {
    const dir = await project(async (d) => rm(join(d, "perfgate.config.json")));
    const err = await refused(dir);
    expect(err.code).toBe("REPO_NO_CONFIG");
    expect(err.remedy).toMatch(/perfgate init/);
  });

  it("a patch that does not apply shows git's message", async () => {
    const dir = await project(rewrite("textkit/fib.py", "a, b = b, a + b", "a, b = b, b + a"));
    const patch = join(root, "slow.patch");
    await writeFile(patch, SLOW_FIB_PATCH);
    const err = await refused(dir, { scenarios: ["regression"], regressionPatch: patch });
    expect(err.code).toBe("PATCH_DOES_NOT_APPLY");
    expect(err.message).toMatch(/error: patch failed: textkit\/fib\.py:1/);
    expect(err.message).toMatch(/patch does not apply/);

    const absent = await refused(dir, { scenarios: ["regression"], regressionPatch: join(root, "nope.patch") });
    expect(absent.code).toBe("PATCH_NOT_FOUND");
    const noChange = await refused(dir, { scenarios: ["regression"] });
    expect(noChange.message).toMatch(/needs the change that slows your code/);
  });

  it("an unmapped uses: (preflight)", async () => {
    const dir = await project(
      rewrite(
        ".github/workflows/ci.yml",
        "      - name: Performance gate\n",
        "      - uses: acme/cache-things@v2\n      - name: Performance gate\n",
      ),
    );
    const err = await refused(dir);
    expect(err.code).toBe("UNMAPPED_ACTION");
    expect(err.message).toMatch(/uses acme\/cache-things@v2, which cannot be fetched offline/);
  });

  it("a runs-on label with no image", async () => {
    const dir = await project(
      rewrite(".github/workflows/ci.yml", /runs-on: ubuntu-latest\n(\s+needs)/, "runs-on: macos-14\n$1"),
    );
    const err = await refused(dir);
    expect(err.code).toBe("UNKNOWN_RUNNER_LABEL");
    expect(err.message).toMatch(/job 'performance' runs on macos-14, which has no local runner image/);
  });

  it("the regression's expectation: from the patch, a trailer, or --expect-regressed (checked against the config)", async () => {
    const dir = await project();
    const patch = join(root, "expect.patch");
    await writeFile(patch, SLOW_FIB_PATCH);
    const open = (extra: Partial<RepoTargetOptions>) =>
      openRepoTarget({
        repo: dir,
        scenarios: ["regression"],
        regressionPatch: patch,
        scratchDir: join(root, "scratch-expect"),
        ...extra,
      });
    expect((await open({})).expectation).toMatchObject({ names: ["fib"] });
    expect((await open({ expectRegressed: ["words"] })).expectation).toEqual({
      names: ["words"],
      why: "--expect-regressed",
    });
    await expect(open({ expectRegressed: ["fibb"] })).rejects.toThrow(
      /--expect-regressed names fibb, which perfgate.config.json does not declare \(benchmarks: fib, words\)/,
    );
    const trailer = join(root, "trailer.patch");
    await writeFile(trailer, `Subject: slow both\n\nPerfgate-Expect-Regressed: fib, words\n---\n${SLOW_FIB_PATCH}`);
    expect((await open({ regressionPatch: trailer })).expectation?.names).toEqual(["fib", "words"]);
  });

  it("a plain `diff -ruN` patch (a tab and a timestamp after each name) names the file it changes", async () => {
    const dir = await project();
    const trees = join(root, "diff-trees");
    const fib = await readFile(join(dir, "textkit/fib.py"), "utf8");
    // The file after SLOW_FIB_PATCH: its context and added lines.
    const slow = SLOW_FIB_PATCH.split("\n")
      .slice(4)
      .filter((l) => l.startsWith(" ") || l.startsWith("+"))
      .map((l) => l.slice(1))
      .join("\n");
    await mkdir(join(trees, "a/textkit"), { recursive: true });
    await mkdir(join(trees, "b/textkit"), { recursive: true });
    await writeFile(join(trees, "a/textkit/fib.py"), fib);
    await writeFile(join(trees, "b/textkit/fib.py"), fib.replace(/^def fib[\s\S]*?return a\n/m, slow));
    const made = await execa("diff", ["-ruN", "a", "b"], { cwd: trees, reject: false });
    expect(made.stdout).toMatch(/^\+\+\+ b\/textkit\/fib\.py\t\d{4}-/m);
    const patch = join(root, "plain-diff.patch");
    await writeFile(patch, `${made.stdout}\n`);
    const target = await openRepoTarget({
      repo: dir,
      scenarios: ["regression"],
      regressionPatch: patch,
      scratchDir: join(root, "scratch-plain-diff"),
    });
    expect(target.expectation).toEqual({
      names: ["fib"],
      why: `--regression-patch ${patch} changes textkit/fib.py, which benchmark fib runs`,
    });
  });

  it("the CLI: exit 2, the message and its remedy on stderr; repository options without --repo are refused", async () => {
    const plain = join(root, "plain-cli");
    await mkdir(plain, { recursive: true });
    const res = await simulateCli(["pr", "--repo", plain, "--state", join(root, "state-cli")]);
    expect(res.exitCode).toBe(2);
    expect(res.stderr).toMatch(/simulate: error: --repo .* is not a git repository/);
    expect(res.stderr).toMatch(/remedy: .*git init/);
    const stray = await simulateCli([
      "regression",
      "--regression-patch",
      "x.patch",
      "--state",
      join(root, "state-cli"),
    ]);
    expect(stray.exitCode).toBe(2);
    expect(stray.stderr).toMatch(/--regression-patch only apply to your own repository/);
  });
});
