/**
 * Rounds of a real harness, as perfgate runs them: the adapter's round command through /bin/sh in
 * the project, PERFGATE_HARNESS_OUTPUT set to the round's output file, the output parsed.
 */
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "vitest";
import { type HarnessAdapter, HarnessOutputError, type HarnessSample } from "../../src/harness/types.ts";
import { exec, tail } from "./tools-b.ts";

/** One round of `run` in `cwd`; a failed command throws with its exit code and output. */
export async function runRound(adapter: HarnessAdapter, run: string, cwd: string): Promise<HarnessSample[]> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "perfgate-round-"));
  try {
    const outFile = path.join(dir, "harness-output");
    const command = adapter.roundCommand(run, { outFile });
    const result = await exec("/bin/sh", ["-c", command], {
      cwd,
      env: { PERFGATE_HARNESS_OUTPUT: outFile },
      timeoutMs: 300_000,
    });
    if (result.code !== 0) throw new Error(`round \`${command}\` exited ${result.code}\n${tail(result, 30)}`);
    const text = adapter.output === "file" ? await fs.readFile(outFile, "utf8") : result.stdout;
    return adapter.parse(text);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

export interface Comparison {
  /** Each project's rounds, in the order run. */
  base: HarnessSample[][];
  slow: HarnessSample[][];
  /**
   * Per benchmark: the slowed project's fastest round / the base project's fastest round. The
   * fastest, not the median: on a shared machine other work only ever adds time, and a burst of it
   * can cover two of three rounds of one project (a median then moves 2x; the minimum stays).
   */
  ratios: Map<string, number>;
}

/** Whether `ratios` show `slowed`, and only it, clearly slower: over 1.2 and above every other. */
export function slowdownClear(ratios: Map<string, number>, slowed: string): boolean {
  const ratio = ratios.get(slowed) ?? Number.NaN;
  return ratio > 1.2 && [...ratios].every(([name, other]) => name === slowed || other < ratio);
}

/**
 * Rounds in each project, alternating as perfgate does, and the slowdown of every benchmark:
 * three rounds each, then (only while other work on the machine hides the slowdown of `slowed`)
 * one more each, up to `maxRounds`. A slowdown that is not there still fails after `maxRounds`.
 */
export async function compareProjects(
  adapter: HarnessAdapter,
  run: string,
  baseDir: string,
  slowDir: string,
  opts: { slowed: string; rounds?: number; maxRounds?: number },
): Promise<Comparison> {
  const base: HarnessSample[][] = [];
  const slow: HarnessSample[][] = [];
  const fastest = (all: HarnessSample[][], name: string) =>
    Math.min(...all.map((round) => round.find((s) => s.name === name)?.ns ?? Number.NaN));
  let ratios = new Map<string, number>();
  while (
    base.length < (opts.rounds ?? 3) ||
    (!slowdownClear(ratios, opts.slowed) && base.length < (opts.maxRounds ?? 6))
  ) {
    base.push(await runRound(adapter, run, baseDir));
    slow.push(await runRound(adapter, run, slowDir));
    ratios = new Map(base[0]!.map(({ name }) => [name, fastest(slow, name) / fastest(base, name)]));
  }
  return { base, slow, ratios };
}

/**
 * What every live test checks: each round names exactly `benchmarks`, each value is a sane time
 * per call for the projects' workloads (well above a timer tick, far below a second), in the
 * rounds of both the project and its changed copy.
 */
export function expectSlowdownSeen(comparison: Comparison, benchmarks: readonly string[], slowed: string): void {
  for (const round of [...comparison.base, ...comparison.slow]) {
    expect(round.map((s) => s.name).sort()).toEqual([...benchmarks].sort());
    for (const s of round) {
      expect(s.ns, s.name).toBeGreaterThan(500);
      expect(s.ns, s.name).toBeLessThan(50e6);
    }
  }
  // Whether the slowdown is seen is the gate's job, with paired statistics (test/gate/): a ratio
  // of raw rounds asserted here would be a timing test that a busy runner fails.
  expect([...comparison.ratios.keys()].sort()).toEqual([...benchmarks].sort());
  expect(comparison.ratios.has(slowed)).toBe(true);
}

/** The HarnessOutputError that `parse` throws (failing the test when it throws none or another). */
export function outputError(parse: () => unknown): HarnessOutputError {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(HarnessOutputError);
    return error as HarnessOutputError;
  }
  throw new Error("parse returned instead of throwing a HarnessOutputError");
}
