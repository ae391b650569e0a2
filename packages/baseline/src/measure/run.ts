import { execa } from "execa";
import type { BenchmarkResult, Config } from "../schema.ts";
import { summarize } from "../stats/summary.ts";
import { measureHarnesses } from "../harness/measure-harness.ts";
import { type BenchmarkFailure, prepareSide, toFailure } from "./side.ts";

export type { BenchmarkFailure } from "./side.ts";

export interface MeasureOptions {
  /** Rounds over all benchmarks; each yields `config.samplesPerRun` samples per benchmark. */
  runs: number;
  onProgress?: (message: string) => void;
}

export interface MeasureOutcome {
  results: BenchmarkResult[];
  failures: BenchmarkFailure[];
  /** Timings of a fixed CPU loop, measured in every run (see calibrationLoop). */
  calibration: number[];
}

/**
 * A fixed workload run as its own Node process (start-up plus a ~10 ms CPU
 * loop), timed wall-clock like a command benchmark. On a shared runner, other
 * load makes unchanged processes look slower; time-slicing barely touches
 * sub-millisecond in-process iterations, so the probe must be a whole process.
 */
const CALIBRATION_SCRIPT =
  "let h=0x811c9dc5;for(let i=0;i<3e6;i++)h=Math.imul(h^(i&255),16777619)>>>0;if(h===1)console.log(h)";

/**
 * Probes per run. Only their median is used, and each costs a process start (~60-90 ms), so a
 * few per run (spread over every run, like the samples) find load as well as samplesPerRun did.
 */
export const CALIBRATION_SAMPLES_PER_RUN = 3;

export async function calibrationSample(): Promise<number> {
  const started = process.hrtime.bigint();
  await execa(process.execPath, ["-e", CALIBRATION_SCRIPT], { stdin: "ignore", stdout: "ignore", stderr: "ignore" });
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/**
 * Measure every configured benchmark. Runs are interleaved (run 1 of every
 * benchmark, then run 2, ...) so slow drift of the machine spreads over all of
 * them instead of biasing one. A benchmark that fails is dropped from later
 * runs and reported in `failures`, never as a timing.
 */
export async function measureBenchmarks(config: Config, options: MeasureOptions): Promise<MeasureOutcome> {
  const progress = options.onProgress ?? (() => {});
  const side = await prepareSide(config);
  try {
    const failures = [...side.failures];
    const samples = new Map<string, number[]>(side.plans.map((p) => [p.name, []]));
    const failed = new Set(failures.map((f) => f.name));
    const calibration: number[] = [];
    for (let run = 1; run <= options.runs; run++) {
      // The probe is best-effort: if it cannot run, the comparison simply has no calibration.
      for (let s = 0; s < Math.min(config.samplesPerRun, CALIBRATION_SAMPLES_PER_RUN); s++) {
        try {
          calibration.push(await calibrationSample());
        } catch {
          break;
        }
      }
      for (const plan of side.plans) {
        if (failed.has(plan.name)) continue;
        progress(`run ${run}/${options.runs}: ${plan.name}`);
        try {
          await side.warmup(plan, plan.kind === "command" ? (plan.spec.warmup ?? config.warmup) : 0);
          samples.get(plan.name)!.push(...(await side.sample(plan, config.samplesPerRun)));
        } catch (error) {
          failed.add(plan.name);
          failures.push(toFailure(plan.name, error));
        }
      }
    }
    const results: BenchmarkResult[] = side.plans
      .filter((p) => !failed.has(p.name))
      .map((p) => {
        const s = samples.get(p.name)!;
        return { name: p.name, kind: p.kind, source: p.source, unit: "ms" as const, samples: s, summary: summarize(s) };
      });
    const harness = await measureHarnesses(config, { runs: options.runs, onProgress: progress });
    results.push(...harness.headResults);
    failures.push(...harness.failures);
    return { results, failures, calibration };
  } finally {
    side.close();
  }
}
