import { startBenchWorker } from "../measure/bench-worker.ts";
import { measureHarnesses } from "../harness/measure-harness.ts";
import { baseFirst, type PairedSamples } from "./pairs.ts";
import { type BenchmarkFailure, type Plan, prepareSide, toFailure } from "../measure/side.ts";
import type { BenchmarkResult, Config } from "../schema.ts";
import { summarize } from "../stats/summary.ts";

export { baseFirst, type PairedSamples } from "./pairs.ts";

export interface PairedOutcome {
  /** Benchmarks measured on both sides, sample i of each taken back to back. */
  pairs: Map<string, PairedSamples>;
  /** Every head sample (paired or not), as a baseline-format result list. */
  headResults: BenchmarkResult[];
  /** The head's benchmarks that failed: the PR's code is broken (exit 2). */
  failures: BenchmarkFailure[];
  /** Benchmarks the base tree could not run: judged against the stored baseline instead. */
  baseFailures: BenchmarkFailure[];
}

export interface PairedOptions {
  /** The base commit's project directory (a worktree). */
  baseRoot: string;
  runs: number;
  /** Measure only these benchmarks (the confirmation of suspects). */
  only?: readonly string[];
  onProgress?: (message: string) => void;
}

/**
 * Measure `config`'s benchmarks on the head tree (config.root) and the base tree alternately, on
 * this runner, now: per benchmark, runs x samplesPerRun pairs of one sample each side, in ABBA
 * order. Both sides' module benchmarks run in one worker process, each loaded from its own tree.
 */
export async function measurePaired(config: Config, options: PairedOptions): Promise<PairedOutcome> {
  const progress = options.onProgress ?? (() => {});
  // One worker for both trees' module benchmarks. In two processes, a process's own fortune
  // (the core it is scheduled on beside a busy neighbour, its heap, its JIT) lasts for the whole
  // check and reads as a difference in the code: on this 2-core runner with two busy processes
  // beside it, unchanged code came out 80% slower in 14 of 15 pairs.
  const worker = startBenchWorker(config.root);
  try {
    const head = await prepareSide(config, config.root, worker);
    const base = await prepareSide(config, options.baseRoot, worker);
    const wanted = (p: Plan) => !options.only || options.only.includes(p.name);
    const failures = head.failures.filter((f) => !options.only || options.only.includes(f.name));
    const failed = new Set(failures.map((f) => f.name));
    const baseFailures = [...base.failures];
    const baseFailed = new Set(baseFailures.map((f) => f.name));
    const basePlans = new Map(base.plans.map((p) => [p.name, p]));
    for (const p of head.plans) {
      if (!basePlans.has(p.name) && !baseFailed.has(p.name)) {
        baseFailed.add(p.name);
        baseFailures.push({
          name: p.name,
          message: `benchmark ${p.name} does not exist in the base commit`,
          remedy: "none needed: it is new in this change",
        });
      }
    }
    const pairs = new Map<string, PairedSamples>();
    const headSamples = new Map<string, number[]>();
    for (let run = 1; run <= options.runs; run++) {
      for (const plan of head.plans.filter(wanted)) {
        if (failed.has(plan.name)) continue;
        const basePlan = baseFailed.has(plan.name) ? undefined : basePlans.get(plan.name)!;
        progress(
          `run ${run}/${options.runs}: ${plan.name}${basePlan ? " (base and head, alternating)" : " (head only)"}`,
        );
        const warm = plan.kind === "command" ? (plan.spec.warmup ?? config.warmup) : 0;
        const sampleMs = plan.kind === "module" ? plan.timeMs / config.samplesPerRun : undefined;
        const hs = headSamples.get(plan.name) ?? [];
        headSamples.set(plan.name, hs);
        try {
          await head.warmup(plan, warm);
        } catch (error) {
          failed.add(plan.name);
          failures.push(toFailure(plan.name, error));
          continue;
        }
        if (basePlan) {
          try {
            await base.warmup(basePlan, warm);
          } catch (error) {
            baseFailed.add(plan.name);
            baseFailures.push(toFailure(plan.name, error));
          }
        }
        const pair = pairs.get(plan.name) ?? { base: [], head: [] };
        // The head's failure is the PR's (exit 2); the base's only costs the pairing.
        const takeHead = async () => {
          try {
            return (await head.sample(plan, 1, sampleMs))[0]!;
          } catch (error) {
            failed.add(plan.name);
            failures.push(toFailure(plan.name, error));
            return undefined;
          }
        };
        const takeBase = async () => {
          if (!basePlan || baseFailed.has(plan.name)) return undefined;
          try {
            return (await base.sample(basePlan, 1, sampleMs))[0]!;
          } catch (error) {
            baseFailed.add(plan.name);
            baseFailures.push(toFailure(plan.name, error));
            return undefined;
          }
        };
        for (let s = 0; s < config.samplesPerRun && !failed.has(plan.name); s++) {
          const first = baseFirst(pair.head.length);
          const b1 = first ? await takeBase() : undefined;
          const h = await takeHead();
          if (h === undefined) break;
          hs.push(h);
          const b = first ? b1 : await takeBase();
          if (b !== undefined) {
            pair.base.push(b);
            pair.head.push(h);
          }
        }
        if (pair.head.length > 0) pairs.set(plan.name, pair);
      }
    }
    // A benchmark whose base side failed midway is judged on the stored baseline: drop partial pairs.
    for (const name of baseFailed) pairs.delete(name);
    const harness = await measureHarnesses(config, {
      runs: options.runs,
      baseRoot: options.baseRoot,
      only: options.only,
      onProgress: progress,
    });
    for (const [name, p] of harness.pairs) pairs.set(name, p);
    failures.push(...harness.failures);
    baseFailures.push(...harness.baseFailures);
    const headResults: BenchmarkResult[] = head.plans
      .filter((p) => wanted(p) && !failed.has(p.name) && (headSamples.get(p.name)?.length ?? 0) > 0)
      .map((p) => {
        const s = headSamples.get(p.name)!;
        return { name: p.name, kind: p.kind, source: p.source, unit: "ms" as const, samples: s, summary: summarize(s) };
      });
    headResults.push(...harness.headResults);
    return { pairs, headResults, failures, baseFailures };
  } finally {
    worker.close(); // the sides' only process (their commands are timed one process each)
  }
}
