import { MeasureError, PerfgateError } from "../errors.ts";
import type { BenchmarkResult, CommandBenchmark, Config } from "../schema.ts";
import { execa } from "execa";
import { summarize } from "../stats/summary.ts";
import { timeCommandOnce } from "./command.ts";
import { type BenchFn, measureFunctionRun, resolveModuleFunctions } from "./module.ts";

export interface MeasureOptions {
  /** Rounds over all benchmarks; each yields `config.samplesPerRun` samples per benchmark. */
  runs: number;
  onProgress?: (message: string) => void;
}

export interface BenchmarkFailure {
  name: string;
  message: string;
  remedy: string;
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

type Plan =
  | { kind: "command"; name: string; source: string; spec: CommandBenchmark }
  | { kind: "module"; name: string; source: string; fn: BenchFn; timeMs: number };

function toFailure(name: string, error: unknown): BenchmarkFailure {
  if (error instanceof PerfgateError)
    return {
      name: error instanceof MeasureError ? error.benchmark : name,
      message: error.message,
      remedy: error.remedy,
    };
  return {
    name,
    message: `benchmark ${name} failed: ${(error as Error)?.message ?? String(error)}`,
    remedy: "fix the benchmark",
  };
}

/**
 * Measure every configured benchmark. Runs are interleaved (run 1 of every
 * benchmark, then run 2, ...) so slow drift of the machine spreads over all of
 * them instead of biasing one. A benchmark that fails is dropped from later
 * runs and reported in `failures`, never as a timing.
 */
export async function measureBenchmarks(config: Config, options: MeasureOptions): Promise<MeasureOutcome> {
  const progress = options.onProgress ?? (() => {});
  const failures: BenchmarkFailure[] = [];
  const plans: Plan[] = [];
  for (const spec of config.benchmarks) {
    if (spec.kind === "command") {
      plans.push({ kind: "command", name: spec.name, source: spec.command, spec });
      continue;
    }
    try {
      for (const f of await resolveModuleFunctions(spec, config.root)) {
        plans.push({
          kind: "module",
          name: f.name,
          source: f.source,
          fn: f.fn,
          timeMs: spec.timeMs ?? config.moduleTimeMs,
        });
      }
    } catch (error) {
      failures.push(toFailure(spec.name ?? spec.module, error));
    }
  }
  const seen = new Set<string>();
  for (const p of plans) {
    if (seen.has(p.name))
      failures.push({
        name: p.name,
        message: `benchmark name "${p.name}" is produced twice (a module export clashes with another benchmark)`,
        remedy: 'give the module entry a "name" prefix or rename one',
      });
    seen.add(p.name);
  }
  const samples = new Map<string, number[]>(plans.map((p) => [p.name, []]));
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
    for (const plan of plans) {
      if (failed.has(plan.name)) continue;
      progress(`run ${run}/${options.runs}: ${plan.name}`);
      try {
        if (plan.kind === "command") {
          const warmup = plan.spec.warmup ?? config.warmup;
          for (let w = 0; w < warmup; w++)
            await timeCommandOnce(plan.spec, { root: config.root, timeoutMs: config.timeoutMs });
          for (let s = 0; s < config.samplesPerRun; s++) {
            samples
              .get(plan.name)!
              .push(await timeCommandOnce(plan.spec, { root: config.root, timeoutMs: config.timeoutMs }));
          }
        } else {
          const r = await measureFunctionRun(plan.name, plan.fn, {
            timeMs: plan.timeMs,
            samples: config.samplesPerRun,
            warmup: run === 1,
          });
          samples.get(plan.name)!.push(...r.samples);
        }
      } catch (error) {
        failed.add(plan.name);
        failures.push(toFailure(plan.name, error));
      }
    }
  }
  const results: BenchmarkResult[] = plans
    .filter((p) => !failed.has(p.name))
    .map((p) => {
      const s = samples.get(p.name)!;
      return { name: p.name, kind: p.kind, source: p.source, unit: "ms" as const, samples: s, summary: summarize(s) };
    });
  return { results, failures, calibration };
}
