import { execFileSync } from "node:child_process";
import { existsSync, promises as fs, realpathSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BASELINE_REL, baselineDoc, commitAll, removeTempProjects, tempProject } from "../helpers.ts";
import { expectOutcome, fingerprint, signalMidRun } from "./harness.ts";

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
