import { MeasureError, PerfgateError } from "../errors.ts";
import type { BenchmarkResult, CommandBenchmark, Config } from "../schema.ts";
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
}

type Plan =
  | { kind: "command"; name: string; source: string; spec: CommandBenchmark }
  | { kind: "module"; name: string; source: string; fn: BenchFn; timeMs: number };

function toFailure(name: string, error: unknown): BenchmarkFailure {
  if (error instanceof PerfgateError) return { name: error instanceof MeasureError ? error.benchmark : name, message: error.message, remedy: error.remedy };
  return { name, message: `benchmark ${name} failed: ${(error as Error)?.message ?? String(error)}`, remedy: "fix the benchmark" };
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
        plans.push({ kind: "module", name: f.name, source: f.source, fn: f.fn, timeMs: spec.timeMs ?? config.moduleTimeMs });
      }
    } catch (error) {
      failures.push(toFailure(spec.name ?? spec.module, error));
    }
  }
  const seen = new Set<string>();
  for (const p of plans) {
    if (seen.has(p.name)) failures.push({ name: p.name, message: `benchmark name "${p.name}" is produced twice (a module export clashes with another benchmark)`, remedy: "give the module entry a \"name\" prefix or rename one" });
    seen.add(p.name);
  }
  const samples = new Map<string, number[]>(plans.map((p) => [p.name, []]));
  const failed = new Set(failures.map((f) => f.name));
  for (let run = 1; run <= options.runs; run++) {
    for (const plan of plans) {
      if (failed.has(plan.name)) continue;
      progress(`run ${run}/${options.runs}: ${plan.name}`);
      try {
        if (plan.kind === "command") {
          const warmup = plan.spec.warmup ?? config.warmup;
          for (let w = 0; w < warmup; w++) await timeCommandOnce(plan.spec, { root: config.root, timeoutMs: config.timeoutMs });
          for (let s = 0; s < config.samplesPerRun; s++) {
            samples.get(plan.name)!.push(await timeCommandOnce(plan.spec, { root: config.root, timeoutMs: config.timeoutMs }));
          }
        } else {
          const r = await measureFunctionRun(plan.name, plan.fn, { timeMs: plan.timeMs, samples: config.samplesPerRun });
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
  return { results, failures };
}
