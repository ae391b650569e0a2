import { promises as fs } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Bench } from "tinybench";
import { MeasureError } from "../errors.ts";
import { medianOfSorted } from "../stats/summary.ts";

export type BenchFn = () => unknown;

export interface ResolvedFunction {
  name: string;
  source: string;
  fn: BenchFn;
}

/** Import a benchmark module and pick the function(s) to measure. */
export async function resolveModuleFunctions(
  spec: { name?: string; module: string; export?: string },
  root: string,
): Promise<ResolvedFunction[]> {
  const file = path.resolve(root, spec.module);
  const label = spec.name ?? spec.module;
  try {
    await fs.access(file);
  } catch {
    throw new MeasureError(
      label,
      `benchmark module ${spec.module} not found (looked for ${file})`,
      `fix "module" in perfgate.config.json; paths are relative to the project root`,
    );
  }
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    throw new MeasureError(
      label,
      `benchmark module ${spec.module} failed to load: ${(error as Error).message}`,
      "fix the error in the module (it must load in plain Node: ESM .js/.mjs or CommonJS .cjs)",
      { cause: error },
    );
  }
  // CommonJS modules and `export default {fnA, fnB}` put the functions on `default`.
  const fromDefault =
    mod["default"] && typeof mod["default"] === "object" ? (mod["default"] as Record<string, unknown>) : {};
  const lookup = (key: string) => (typeof mod[key] === "function" ? mod[key] : fromDefault[key]);
  if (spec.export) {
    const fn = lookup(spec.export);
    if (typeof fn !== "function") {
      throw new MeasureError(
        label,
        `benchmark module ${spec.module} has no exported function "${spec.export}"`,
        `export it (export function ${spec.export}() {...}) or fix "export" in perfgate.config.json`,
      );
    }
    return [{ name: spec.name ?? spec.export, source: `${spec.module}#${spec.export}`, fn: fn as BenchFn }];
  }
  const keys = [...new Set([...Object.keys(mod), ...Object.keys(fromDefault)])]
    .filter((k) => typeof lookup(k) === "function")
    .sort();
  if (keys.length === 0) {
    throw new MeasureError(
      label,
      `benchmark module ${spec.module} exports no functions`,
      'export the functions to measure, or name one with "export"',
    );
  }
  return keys.map((k) => ({
    name: spec.name ? `${spec.name}/${k}` : k,
    source: `${spec.module}#${k}`,
    fn: lookup(k) as BenchFn,
  }));
}

/**
 * One run of an in-process benchmark with tinybench (warm-up unless `warmup: false`). The
 * run's per-iteration latencies are cut into `samples` consecutive batches and
 * each batch contributes its median: many iterations smooth timer resolution
 * for fast functions, and the baseline stays small.
 */
export async function measureFunctionRun(
  name: string,
  fn: BenchFn,
  options: { timeMs: number; samples: number; warmup?: boolean },
): Promise<{ samples: number[]; iterations: number }> {
  // The warm-up gets the function JIT-compiled; within one process that happens once, so later
  // runs of the same function skip it instead of paying it again.
  const warm = options.warmup ?? true;
  const bench = new Bench({
    time: options.timeMs,
    iterations: Math.max(options.samples, 10),
    warmup: warm,
    warmupTime: Math.min(100, options.timeMs / 2),
    warmupIterations: 5,
  });
  bench.add(name, fn);
  await bench.run();
  const result = bench.tasks[0]?.result;
  if (!result || result.error) {
    const message = result?.error?.message ?? "no result";
    throw new MeasureError(
      name,
      `benchmark ${name} threw: ${message}`,
      "fix the benchmark function; it must run without throwing",
      { cause: result?.error },
    );
  }
  const latencies = result.latency.samples;
  if (latencies.length < options.samples) {
    throw new MeasureError(
      name,
      `benchmark ${name} produced ${latencies.length} iterations, fewer than the ${options.samples} samples a run needs`,
      "raise moduleTimeMs/timeMs in perfgate.config.json",
    );
  }
  const samples: number[] = [];
  const batch = latencies.length / options.samples;
  for (let s = 0; s < options.samples; s++) {
    const chunk = Float64Array.from(latencies.slice(Math.floor(s * batch), Math.floor((s + 1) * batch))).sort();
    samples.push(medianOfSorted(chunk));
  }
  if (samples.some((v) => !(v > 0 && Number.isFinite(v)))) {
    throw new MeasureError(
      name,
      `benchmark ${name} produced a non-positive timing (faster than the timer resolution)`,
      "make each call do more work, e.g. loop inside the benchmark function",
    );
  }
  return { samples, iterations: latencies.length };
}
