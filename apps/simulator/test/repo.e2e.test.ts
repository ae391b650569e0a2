import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RUN_LABEL_KEY } from "@perfgate/workflow-driver";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALL_ORDER } from "../src/scenarios/index.ts";
import { failedItems, reportOf, simulateCli, useToolchainAndStateDir } from "./helpers.ts";
import { GIT_ENV, hashTree, makePythonProject, SLOW_FIB_PATCH } from "./python-project.ts";

/** Job containers of the Python project's workflow ("CI"): act names them act-CI-<job>-<hash>. */
async function leftoverCiContainers(): Promise<string[]> {
  const res = await execa("docker", ["ps", "-a", "--filter", `label=${RUN_LABEL_KEY}`, "--format", "{{.Names}}"]);
  return res.stdout.split("\n").filter((n) => /^act-CI-/.test(n));
}

const gitStatus = (dir: string) =>
  execa("git", ["status", "--porcelain", "--branch"], { cwd: dir, env: { ...GIT_ENV, GIT_OPTIONAL_LOCKS: "0" } }).then(
    (r) => r.stdout,
  );

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "perfgate-repo-e2e-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

// The "done when": a Python project whose CI uses the perfgate action, rehearsed with
// every scenario through real act, Docker and the mock, as a separate process.
describe("simulate all --repo DIR --regression-patch FILE (a Python project using the perfgate action)", () => {
  const stateDir = useToolchainAndStateDir();

  it(
    "passes every checklist item, names only the slowed benchmark, leaves no container and does not touch DIR",
    async () => {
      const dir = join(root, "textkit");
      await makePythonProject(dir, { gate: "action" });
      const patch = join(root, "slow-fib.patch");
      await writeFile(patch, SLOW_FIB_PATCH);
      const [hashBefore, statusBefore] = [await hashTree(dir), await gitStatus(dir)];

      const res = await simulateCli([
        "all",
        "--repo",
        dir,
        "--regression-patch",
        patch,
        "--reset",
        "--json",
        "--state",
        stateDir(),
      ]);
      const report = reportOf(res);
      expect(failedItems(report), res.stderr.slice(-4000)).toEqual([]);
      expect(res.exitCode).toBe(0);
      // main runs again before a scenario that needs its baseline after the store was tampered with.
      const names = report.scenarios.map((s) => s.name);
      expect(names.filter((n, i) => n !== "main" || names.indexOf(n) === i)).toEqual(ALL_ORDER);

      // The regression names fib, the benchmark the patch slows, and not words.
      const named = report.scenarios
        .find((s) => s.name === "regression")!
        .items.find((i) => i.text.startsWith("Error message names"))!;
      expect(named.evidence).toMatch(/^expected fib; named: fib /);
      expect(named.evidence).not.toMatch(/named: .*\bwords\b/);
      // noisy's second PR is the same patch beside a CPU spinner: blocked, naming fib alone.
      const busy = report.scenarios
        .find((s) => s.name === "noisy")!
        .items.find(
          (i) => i.text === "Busy runner, slowed PR: Error message names the benchmarks the change slows, and no other",
        )!;
      expect(busy.evidence).toMatch(/^expected fib; named: fib /);
      // The expectation was worked out from the patch (textkit/fib.py, which bench_fib.py runs).
      expect(res.stderr).toMatch(/regression expects fib \(--regression-patch .* changes textkit\/fib\.py/);
      // It ran the user's workflow and job, with the action.
      expect(res.stderr).toMatch(
        /workflow \.github\/workflows\/ci\.yml, job performance: perfgate in "Performance gate" \(perfgate\/perfgate@v1\)/,
      );
      expect(await leftoverCiContainers()).toEqual([]);
      expect(await hashTree(dir)).toBe(hashBefore);
      expect(await gitStatus(dir)).toBe(statusBefore);
    },
    30 * 60_000,
  );

  it(
    "a step that needs a tool the runner image lacks: the error names the tool and the extra-packages list",
    async () => {
      const dir = join(root, "needs-pytest");
      await makePythonProject(dir, { gate: "action" });
      const wf = join(dir, ".github/workflows/ci.yml");
      await writeFile(
        wf,
        (await readFile(wf, "utf8")).replace("python3 -m unittest discover -s tests", "pytest -q tests"),
      );
      await execa("git", ["commit", "-qam", "Run the tests with pytest"], { cwd: dir, env: GIT_ENV });
      const hashBefore = await hashTree(dir);

      const res = await simulateCli(["main", "--repo", dir, "--reset", "--state", stateDir()]);
      expect(res.exitCode, res.stderr.slice(-3000)).toBe(2);
      expect(res.stderr).toMatch(
        /simulate: error: step "Unit tests" of job tests needs pytest, which the runner image does not have/,
      );
      expect(res.stderr).toMatch(/remedy: .*`python3-pytest`.*docker\/runner\/extra-packages\.txt.*pnpm run toolchain/);
      expect(await leftoverCiContainers()).toEqual([]);
      expect(await hashTree(dir)).toBe(hashBefore);
    },
    10 * 60_000,
  );
});
