import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ALL_ORDER } from "../src/scenarios/index.ts";
import { failedItems, leftoverContainers, reportOf, simulateCli, useToolchainAndStateDir } from "./helpers.ts";

// The CI self-test: every phase of the plan, through real act, Docker and the mock, as a process.
describe("simulate all --reset --json", () => {
  const stateDir = useToolchainAndStateDir();

  it(
    "passes every checklist item of every scenario and leaves no container",
    async () => {
      const res = await simulateCli(["all", "--reset", "--json", "--state", stateDir()]);
      const report = reportOf(res);
      expect(failedItems(report), res.stderr.slice(-4000)).toEqual([]);
      expect(res.exitCode).toBe(0);
      // Every scenario with the seed's expanded job, then again with the perfgate action. A scenario
      // that needs main's baseline after the store was tampered with (expired-newest, then expired)
      // has main run again first, as the simulator says; those re-runs are left out here.
      const labels = report.scenarios.map((s) => `${s.name} ${s.workflow}`);
      const firstRuns = labels.filter((l, i) => !l.startsWith("main ") || labels.indexOf(l) === i);
      expect(firstRuns).toEqual([
        ...ALL_ORDER.map((n) => `${n} testing-quality-gates.yml`),
        ...ALL_ORDER.map((n) => `${n} perfgate-action.yml`),
      ]);
      for (const s of report.scenarios) expect(s.items.length).toBeGreaterThanOrEqual(3);
      // The report file in the state dir is the same report.
      expect(JSON.parse(await readFile(join(stateDir(), "report.json"), "utf8"))).toEqual(report);
      // Progress went to stderr: scenario, job and step lines with durations.
      expect(res.stderr).toMatch(/▶ regression: /);
      expect(res.stderr).toMatch(/└ job performance-regression: failure \(\d+\.\d+s\)/);
      expect(await leftoverContainers()).toEqual([]);
    },
    30 * 60_000,
  );
});
