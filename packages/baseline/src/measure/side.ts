import { MeasureError, PerfgateError } from "../errors.ts";
import type { CommandBenchmark, Config, ModuleBenchmark } from "../schema.ts";
import { type BenchWorker, startBenchWorker } from "./bench-worker.ts";
import type { LoadedSpec } from "./worker-protocol.ts";
import { timeCommandOnce } from "./command.ts";
import { benchmarkNameProblem, CONTROL_CHARACTER_REASON } from "../names.ts";

const CONTROL_GLOBAL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

export interface BenchmarkFailure {
  name: string;
  message: string;
  remedy: string;
}

export type Plan =
  | { kind: "command"; name: string; source: string; spec: CommandBenchmark }
  | { kind: "module"; name: string; source: string; timeMs: number; timeoutMs: number };

/**
 * The benchmarks of one source tree, ready to measure: commands run with the tree as their
 * root, module functions in a worker process loaded from the tree's own files.
 */
export interface Side {
  root: string;
  plans: Plan[];
  /** Benchmarks that could not even be prepared (module missing, failed to load, ...). */
  failures: BenchmarkFailure[];
  /** Untimed executions of a command benchmark (module workers warm up on their first measurement). */
  warmup(plan: Plan, count: number): Promise<void>;
  /** `count` samples of one benchmark, measured now. */
  sample(plan: Plan, count: number, timeMs?: number): Promise<number[]>;
  close(): void;
}

export function toFailure(name: string, error: unknown): BenchmarkFailure {
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
 * Prepare `config`'s benchmarks in the tree at `root` (the config's own root by default). Its
 * module benchmarks load into `shared` when given (the caller closes it), else into a worker of
 * its own.
 */
export async function prepareSide(config: Config, root = config.root, shared?: BenchWorker): Promise<Side> {
  const failures: BenchmarkFailure[] = [];
  const plans: Plan[] = [];
  const moduleSpecs = config.benchmarks.filter((b): b is { kind: "module" } & ModuleBenchmark => b.kind === "module");
  let worker: BenchWorker | undefined;
  const loaded: LoadedSpec[] = [];
  if (moduleSpecs.length > 0) {
    worker = shared ?? startBenchWorker(root);
    loaded.push(
      ...(await worker.load(
        moduleSpecs.map(({ kind: _kind, ...spec }) => spec),
        config.timeoutMs,
        root,
      )),
    );
  }
  // Plans in config order; a module entry stands for its exported functions, in sorted order.
  let nextModule = 0;
  for (const spec of config.benchmarks) {
    if (spec.kind === "harness") continue; // measured by rounds of the harness (harness/measure-harness.ts)
    if (spec.kind === "command") {
      plans.push({ kind: "command", name: spec.name, source: spec.command, spec });
      continue;
    }
    const result = loaded[nextModule++]!;
    if (!result.ok) {
      failures.push({ name: result.benchmark, message: result.message, remedy: result.remedy });
      continue;
    }
    for (const f of result.functions)
      plans.push({
        kind: "module",
        name: f.name,
        source: f.source,
        timeMs: spec.timeMs ?? config.moduleTimeMs,
        timeoutMs: spec.timeoutMs ?? config.timeoutMs,
      });
  }
  // A module's export names become benchmark names, in both modes: one with a line break would
  // print a forged workflow command in CI logs. Such a benchmark fails (its name escaped).
  for (const p of plans.filter((p) => benchmarkNameProblem(p.name))) {
    const shown = JSON.stringify(p.name.slice(0, 60));
    failures.push({
      name: shown,
      message: `benchmark name ${shown} (${p.source.slice(0, 80).replace(CONTROL_GLOBAL, "?")}) ${benchmarkNameProblem(p.name)}; ${CONTROL_CHARACTER_REASON}`,
      remedy: 'rename the export (or set a plain "name" in perfgate.config.json)',
    });
    plans.splice(plans.indexOf(p), 1);
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
  const options = { root, timeoutMs: config.timeoutMs };
  return {
    root,
    plans,
    failures,
    async warmup(plan, count) {
      if (plan.kind !== "command") return;
      for (let w = 0; w < count; w++) await timeCommandOnce(plan.spec, options);
    },
    async sample(plan, count, timeMs) {
      if (plan.kind === "command") {
        const out: number[] = [];
        for (let s = 0; s < count; s++) out.push(await timeCommandOnce(plan.spec, options));
        return out;
      }
      return worker!.measure(
        plan.name,
        { timeMs: timeMs ?? plan.timeMs, samples: count, timeoutMs: plan.timeoutMs },
        root,
      );
    },
    close() {
      if (!shared) worker?.close();
    },
  };
}
