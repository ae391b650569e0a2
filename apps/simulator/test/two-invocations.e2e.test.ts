import { rm } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import {
  failedItems,
  leftoverContainers,
  reportOf,
  simulateCli,
  tempStateDir,
  useToolchainAndStateDir,
} from "./helpers.ts";

// State persists between invocations: `simulate main`, then `simulate pr` uses main's baseline.
describe("simulate main, then simulate pr in a second process", () => {
  const stateDir = useToolchainAndStateDir();

  it(
    "the PR downloads the baseline the first process uploaded",
    async () => {
      const main = await simulateCli(["main", "--reset", "--json", "--state", stateDir()]);
      expect(main.exitCode, main.stderr.slice(-3000)).toBe(0);

      const statusRun = await simulateCli(["status", "--json", "--state", stateDir()]);
      expect(statusRun.exitCode, statusRun.stderr.slice(-3000)).toBe(0);
      const status = JSON.parse(statusRun.stdout) as {
        artifacts: { id: number; name: string }[];
        workflows: { repo: string; file: string }[];
        runs: { workflow: string }[];
        usableBaselineArtifactId: number | null;
      };
      // The mock knows every workflow file of the work copy, as GitHub knows the repository's,
      // including the one that never ran (it lists 0 runs, not 404).
      expect(status.workflows.map((w) => `${w.repo} ${w.file}`).sort()).toEqual([
        "perfgate/sample perfgate-action.yml",
        "perfgate/sample testing-quality-gates.yml",
      ]);
      expect(status.runs.map((r) => r.workflow)).toEqual(["testing-quality-gates.yml"]);
      const baseline = status.artifacts.find((a) => a.name === "performance-baseline");
      expect(baseline).toBeDefined();
      expect(status.usableBaselineArtifactId).toBe(baseline!.id);

      const pr = await simulateCli(["pr", "--json", "--state", stateDir()]);
      const report = reportOf(pr);
      // Only pr ran: main did not have to run first, its baseline was in the store.
      expect(report.scenarios.map((s) => s.name)).toEqual(["pr"]);
      expect(failedItems(report), pr.stderr.slice(-4000)).toEqual([]);
      expect(pr.stderr).not.toMatch(/main runs first/);
      expect(pr.exitCode).toBe(0);
      expect(await leftoverContainers()).toEqual([]);
    },
    15 * 60_000,
  );

  it(
    "regression on an empty store runs main first, says so, and still names the slowed benchmark",
    async () => {
      const empty = await tempStateDir();
      try {
        const res = await simulateCli(["regression", "--json", "--state", empty]);
        const report = reportOf(res);
        expect(report.scenarios.map((s) => s.name)).toEqual(["main", "regression"]);
        expect(failedItems(report), res.stderr.slice(-4000)).toEqual([]);
        expect(res.stderr).toMatch(/main runs first/);
        expect(res.exitCode).toBe(0);
        expect(await leftoverContainers()).toEqual([]);
      } finally {
        await rm(empty, { recursive: true, force: true });
      }
    },
    15 * 60_000,
  );
});
