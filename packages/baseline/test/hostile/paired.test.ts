import { execFileSync } from "node:child_process";
import { existsSync, promises as fs, realpathSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BASELINE_REL, baselineDoc, commitAll, removeTempProjects, tempProject } from "../helpers.ts";
import { expectOutcome, fingerprint, runChecked, signalMidRun } from "./harness.ts";

// Item 1 in paired mode (the default check): the PR's tree is measured in its own worker beside
// the base commit's, so a PR whose benchmark exits or never settles must fail by name there too;
// and a signal must take the base commit's temporary worktree with it.

const SAMPLES = [0.01, 0.011, 0.012, 0.01, 0.011];
const OK = "export function bad(){ return 1 }\nexport function ok(){ return 1 }\n";

afterAll(removeTempProjects);

/** A repository whose main commit has `config` and OK; its baseline records that commit. */
async function repo(config: object, benchmarks: string[]): Promise<string> {
  const dir = await tempProject({ "perfgate.config.json": JSON.stringify(config), "bench/b.mjs": OK });
  const sha = await commitAll(dir);
  const doc = baselineDoc(Object.fromEntries(benchmarks.map((b) => [b, SAMPLES])), {
    git: { sha, ref: "refs/heads/main" },
  });
  await fs.mkdir(path.join(dir, path.dirname(BASELINE_REL)), { recursive: true });
  await fs.writeFile(path.join(dir, BASELINE_REL), JSON.stringify(doc));
  await commitAll(dir, "the pull request"); // HEAD is not the base: a base equal to HEAD pairs nothing
  return dir;
}

/** The worktrees git knows of besides `dir` itself (synchronous: it is asked while perfgate runs). */
function otherWorktrees(dir: string): string[] {
  const list = execFileSync("git", ["worktree", "list", "--porcelain"], { cwd: dir, encoding: "utf8" });
  const real = realpathSync(dir);
  return list
    .split("\n")
    .filter((l) => l.startsWith("worktree "))
    .map((l) => l.slice("worktree ".length))
    .filter((w) => w !== real);
}

const modules = (timeoutMs: number) => ({
  samplesPerRun: 3,
  moduleTimeMs: 20,
  timeoutMs,
  benchmarks: [
    { name: "bad", module: "bench/b.mjs", export: "bad" },
    { name: "ok", module: "bench/b.mjs", export: "ok" },
  ],
});

describe("hostile module benchmarks in paired mode", () => {
  const cases = [
    {
      what: "calls process.exit(0)",
      body: "export function bad(){ process.exit(0) }\nexport function ok(){ return 1 }\n",
      says: /^! error +bad +benchmark bad: the process measuring it exited with code 0 before reporting a result/,
      remedy: /^ {4}remedy: a benchmark must return .*remove process\.exit/,
    },
    {
      what: "returns a promise that never settles",
      body: "export function bad(){ return new Promise(() => {}) }\nexport function ok(){ return 1 }\n",
      says: /^! error +bad +benchmark bad did not finish within 1500 ms and was stopped/,
      remedy: /^ {4}remedy: make it return; if it is just slow, raise "timeoutMs"/,
    },
  ];
  for (const c of cases) {
    it(`check: the PR's benchmark ${c.what}: exit 2 naming it, worktree removed`, async () => {
      const dir = await repo(modules(1500), ["bad", "ok"]);
      await fs.writeFile(path.join(dir, "bench/b.mjs"), c.body); // the pull request's change
      const r = await expectOutcome(dir, ["check", "--no-reports", "--runs", "1"], {
        code: 2,
        says: c.says,
        remedy: c.remedy,
      });
      expect(r.stderr).toMatch(/paired mode: measuring base [0-9a-f]{12} \(the baseline's commit\)/);
      expect(r.stdout).toMatch(/^Performance check incomplete: 1 failed to run/m);
      expect(otherWorktrees(dir)).toEqual([]);
    });
  }
});

describe("the base commit's benchmark takes the shared worker down", () => {
  // Both trees' module benchmarks share one worker: the base's crash must cost only the base's
  // side of that benchmark (judged on the stored samples), never the PR's verdict or its others.
  it("check: the base's bad exits, the PR fixed it: bad falls back to the stored samples, ok stays paired, exit 0", async () => {
    const dir = await repo(modules(5000), ["bad", "ok"]);
    await fs.writeFile(
      path.join(dir, "bench/b.mjs"),
      "export function bad(){ process.exit(0) }\nexport function ok(){ return 1 }\n",
    );
    await commitAll(dir, "the base commit's broken bad");
    const baseline = path.join(dir, BASELINE_REL);
    const doc = JSON.parse(await fs.readFile(baseline, "utf8"));
    doc.git.sha = execFileSync("git", ["rev-parse", "HEAD"], { cwd: dir, encoding: "utf8" }).trim();
    await fs.writeFile(baseline, JSON.stringify(doc));
    await fs.writeFile(path.join(dir, "bench/b.mjs"), OK); // the pull request's fix
    const r = await expectOutcome(dir, ["check", "--no-reports", "--runs", "1", "--json"], {
      code: 0,
      says: /paired mode: measuring base [0-9a-f]{12} \(the baseline's commit\)/,
    });
    const out = JSON.parse(r.stdout);
    const modes = Object.fromEntries(
      out.benchmarks.map((d: { name: string; mode?: string }) => [d.name, d.mode ?? "stored"]),
    );
    expect(modes).toEqual({ bad: "stored", ok: "paired" });
    expect(out.failures ?? []).toEqual([]);
    expect(out.warnings.join("\n")).toMatch(
      /bad compared with the stored baseline samples because the base commit could not run it \(bad: benchmark bad: the process measuring it exited with code 0/,
    );
    expect(otherWorktrees(dir)).toEqual([]);
  });
});

describe("a signal to perfgate during a paired check", () => {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    it(`${signal}: exit ${signal === "SIGINT" ? 130 : 143}, the base worktree and every process gone`, async () => {
      const dir = await repo({ benchmarks: [{ name: "long", command: "sleep 611" }] }, ["long"]);
      const before = await fingerprint(dir);
      let base: string[] = [];
      const s = await signalMidRun(dir, ["check", "--no-reports", "--runs", "1"], signal, (started) => {
        if (!started.some((p) => p.command === "sleep 611")) return false;
        base = otherWorktrees(dir); // the base commit's worktree, while the benchmark runs
        return true;
      });
      expect(base).toEqual([expect.stringMatching(/perfgate-base-/)]);
      expect(s.result.code, s.result.output).toBe(signal === "SIGINT" ? 130 : 143);
      expect(s.left, s.result.output).toEqual([]);
      expect(s.result.stderr).toMatch(new RegExp(`^perfgate: error: stopped by ${signal} before it finished`, "m"));
      expect(s.result.stderr).toMatch(/^ {2}remedy: run the command again and let it finish/m);
      expect(existsSync(base[0]!), `${base[0]} is left`).toBe(false);
      expect(otherWorktrees(dir)).toEqual([]);
      expect(await fingerprint(dir)).toEqual(before);
    });
  }
});

describe("a base side that ran other code than main did", () => {
  // Both trees' modules share one worker: a PR module that patches a global at its top level
  // slows the base's benchmark too, so the pairs alone would call a 4x slowdown `unchanged`.
  it("the PR patches Array.prototype.map: judged on the stored samples, regressed, said why", async () => {
    const bench =
      "export function mapping(){ const a = Array.from({length: 2000}, (_, i) => i); return a.map((x) => x + 1).length }\n";
    const dir = await tempProject({
      "perfgate.config.json": JSON.stringify({
        samplesPerRun: 5,
        moduleTimeMs: 40,
        benchmarks: [{ name: "mapping", module: "bench/m.mjs", export: "mapping" }],
      }),
      "bench/m.mjs": bench,
    });
    await commitAll(dir, "main");
    const est = await runChecked(dir, ["establish", "--runs", "2"]);
    expect(est.code, est.output).toBe(0);
    const slow =
      "const map = Array.prototype.map;\nArray.prototype.map = function (...args) { let s = 0; for (let i = 0; i < 40 * this.length; i++) s += i; return map.apply(this, args); };\n";
    await fs.writeFile(path.join(dir, "bench/m.mjs"), slow + bench);
    await commitAll(dir, "the pull request");
    const r = await expectOutcome(dir, ["check", "--no-reports", "--runs", "2", "--json"], {
      code: 1,
      says: /the base commit [0-9a-f]{12} measured slower in this job than in main's baseline of the same commit \(mapping \+\d+%\)/,
      remedy: /give each tree its own install in "setup", and do not patch globals/,
    });
    const out = JSON.parse(r.stdout);
    expect(out.regressed).toEqual(["mapping"]);
    expect(out.benchmarks[0].mode).toBe("stored");
  });
});

describe("a base tree that would import the PR's code", () => {
  // CI often runs `pip install -e .`: the interpreter then imports the checkout's files from
  // wherever it runs, so the base worktree would measure the PR's code against itself.
  it("an editable install of this tree: exit 2 naming it, with the remedy, worktree gone", async () => {
    const dir = await tempProject({
      "pyproject.toml":
        '[project]\nname = "slowpkg"\nversion = "0.1"\n[build-system]\nrequires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n',
      "src/slowpkg/__init__.py": "def work():\n    return sum(range(1000))\n",
    });
    const venv = path.join(await tempProject({}), "venv");
    execFileSync("python3", ["-m", "venv", venv]);
    execFileSync(path.join(venv, "bin/pip"), ["install", "-q", "-e", dir]);
    const python = path.join(venv, "bin/python");
    await fs.writeFile(
      path.join(dir, "perfgate.config.json"),
      JSON.stringify({
        samplesPerRun: 2,
        benchmarks: [{ name: "work", command: `${python} -c "import slowpkg; slowpkg.work()"` }],
      }),
    );
    const sha = await commitAll(dir, "main");
    await fs.mkdir(path.join(dir, path.dirname(BASELINE_REL)), { recursive: true });
    await fs.writeFile(
      path.join(dir, BASELINE_REL),
      JSON.stringify(baselineDoc({ work: [30, 31, 32] }, { git: { sha, ref: "refs/heads/main" } })),
    );
    await commitAll(dir, "the pull request");
    const r = await runChecked(dir, ["check", "--no-reports", "--runs", "1"]);
    expect(r.code, r.output).toBe(2);
    expect(r.stderr).toMatch(
      /perfgate: error: the base commit's tree would run this tree's code, so the pairs would compare the change with itself: .*__editable__.*slowpkg.*\(an editable install\) points the base tree's Python at /,
    );
    expect(r.stderr).toMatch(
      /remedy: give each tree its own install in "setup" \(a virtual environment inside the tree/,
    );
    expect(otherWorktrees(dir)).toEqual([]);
  });
});

describe("one cargo target folder for both trees", () => {
  // Both trees' crates have one name: with CARGO_TARGET_DIR shared, one tree's `cargo bench` can
  // run the bench binary the other built, and the pairs compare a tree with itself.
  it("CARGO_TARGET_DIR with a criterion entry: exit 2 naming it, before anything is measured", async () => {
    const dir = await tempProject({
      "perfgate.config.json": JSON.stringify({ benchmarks: [{ harness: "criterion", run: "cargo bench" }] }),
    });
    const sha = await commitAll(dir, "main");
    await fs.mkdir(path.join(dir, path.dirname(BASELINE_REL)), { recursive: true });
    await fs.writeFile(
      path.join(dir, BASELINE_REL),
      JSON.stringify(baselineDoc({ checksum: [0.01, 0.011, 0.012] }, { git: { sha, ref: "refs/heads/main" } })),
    );
    await commitAll(dir, "the pull request");
    const r = await runChecked(dir, ["check", "--no-reports", "--runs", "1"], {
      env: { CARGO_TARGET_DIR: "/tmp/shared-target" },
    });
    expect(r.code, r.output).toBe(2);
    expect(r.stderr).toMatch(/CARGO_TARGET_DIR \(\/tmp\/shared-target\) makes both trees build into one target folder/);
    expect(r.stderr).toMatch(/remedy: .*no CARGO_TARGET_DIR shared by the trees/);
    expect(otherWorktrees(dir)).toEqual([]);
  });
});
