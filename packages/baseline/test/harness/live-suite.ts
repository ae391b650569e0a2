/**
 * The live half of each adapter's test file: a real project built by the ecosystem's own tools,
 * real rounds through /bin/sh, and the adapter's parse of what the harness wrote.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import type { HarnessAdapter } from "../../src/harness/types.ts";
import { removeTempProjects, tempProject } from "../helpers.ts";
import type { HarnessProject } from "./projects/project.ts";
import { medianRatios, type RoundOptions, runRound } from "./round.ts";

export interface LiveSuite {
  adapter: HarnessAdapter;
  /** The project builder: `make(dir)` and `make(dir, { slow })`. */
  make: (dir: string, opts: { slow?: string }) => Promise<HarnessProject>;
  /** The benchmark the changed project slows down (~45% more work). */
  slow: string;
  round?: RoundOptions;
  /** Time allowed to provision the tool and build both projects (a first criterion build is slow). */
  setupTimeoutMs?: number;
  /** Called with both project folders once they are made (e.g. to compile them). */
  prepare?: (dirs: string[]) => Promise<void>;
  /** Called with both project folders before they are removed. */
  cleanup?: (dirs: string[]) => Promise<void>;
}

/** Register the live tests of one adapter inside the caller's `describe`. */
export function liveSuite(suite: LiveSuite): void {
  const dirs = { base: "", slow: "" };
  let project: HarnessProject;

  beforeAll(async () => {
    dirs.base = await tempProject({});
    dirs.slow = await tempProject({});
    project = await suite.make(dirs.base, {});
    await suite.make(dirs.slow, { slow: suite.slow });
    await suite.prepare?.([dirs.base, dirs.slow]);
  }, suite.setupTimeoutMs ?? 300_000);

  afterAll(async () => {
    await suite.cleanup?.([dirs.base, dirs.slow]);
    await removeTempProjects();
  }, 120_000);

  it("reads every benchmark of a real round, each with a sane time", async () => {
    const samples = await runRound(suite.adapter, project.run, dirs.base, suite.round);
    expect(samples.map((s) => s.name).sort()).toEqual([...project.benchmarks].sort());
    // Every test project's benchmarks take between a microsecond and a second per iteration.
    for (const s of samples) {
      expect(s.ns, s.name).toBeGreaterThan(1_000);
      expect(s.ns, s.name).toBeLessThan(1e9);
    }
  }, 600_000);

  // Whether a slowdown is *seen* is the gate's job, with its paired statistics
  // (test/gate/*.e2e.test.ts); a ratio of raw rounds asserted here would be a timing test that a
  // busy runner fails. Here: the changed project's rounds read the same benchmarks, with sane times.
  it("reads the same benchmarks from the changed project's rounds", async () => {
    const base = { run: project.run, dir: dirs.base };
    const changed = { run: project.run, dir: dirs.slow };
    const ratios = await medianRatios(suite.adapter, base, changed, 3, suite.round);
    expect([...ratios.keys()].sort()).toEqual([...project.benchmarks].sort());
    for (const [name, ratio] of ratios) expect(Number.isFinite(ratio) && ratio > 0, name).toBe(true);
  }, 600_000);
}
