import { toFailure } from "../measure/side.ts";
import type { BenchmarkFailure } from "../measure/side.ts";
import { baseFirst, type PairedSamples } from "../paired/pairs.ts";
import type { BenchmarkResult, Config, HarnessBenchmark } from "../schema.ts";
import { summarize } from "../stats/summary.ts";
import { entryLabel, runRound } from "./round.ts";

export interface HarnessOutcome {
  /** Per benchmark, the values of rounds taken back to back in the base tree and this one. */
  pairs: Map<string, PairedSamples>;
  /** Every round's value of this tree, per benchmark. */
  headResults: BenchmarkResult[];
  /** Entries whose round failed in this tree: the change is broken (exit 2). */
  failures: BenchmarkFailure[];
  /** Benchmarks the base tree could not measure: judged against the stored baseline instead. */
  baseFailures: BenchmarkFailure[];
}

export interface HarnessOptions {
  runs: number;
  /** The base commit's project directory: rounds alternate between it and config.root (ABBA). */
  baseRoot?: string;
  /** Keep only these benchmarks (a confirmation of suspects); entries still run whole. */
  only?: readonly string[];
  onProgress?: (message: string) => void;
}

/**
 * Measure the config's harness entries: `runs` x `samplesPerRun` rounds of each in this tree,
 * and with a base tree as many rounds there, alternating in ABBA order. A round yields one value
 * per benchmark, and each round is its own process: the independent unit the decision needs.
 */
export async function measureHarnesses(config: Config, options: HarnessOptions): Promise<HarnessOutcome> {
  const entries = config.benchmarks.filter((b): b is { kind: "harness" } & HarnessBenchmark => b.kind === "harness");
  const outcome: HarnessOutcome = { pairs: new Map(), headResults: [], failures: [], baseFailures: [] };
  const keep = (name: string) => !options.only || options.only.includes(name);
  for (const entry of entries) {
    const label = entryLabel(entry);
    const head = new Map<string, number[]>();
    const pairs = new Map<string, PairedSamples>();
    let baseFailure: BenchmarkFailure | undefined = options.baseRoot
      ? undefined
      : { name: label, message: "", remedy: "" };
    let headFailed = false;
    const total = options.runs * config.samplesPerRun;
    for (let round = 0; round < total && !headFailed; round++) {
      options.onProgress?.(
        `run ${Math.floor(round / config.samplesPerRun) + 1}/${options.runs}: ${label} round ${round + 1}/${total}${baseFailure ? "" : " (base and head)"}`,
      );
      const takeBase = async () => {
        if (baseFailure) return undefined;
        try {
          return await runRound(entry, options.baseRoot!, config.timeoutMs);
        } catch (error) {
          baseFailure = toFailure(label, error);
          return undefined;
        }
      };
      const first = baseFirst(round);
      const before = first ? await takeBase() : undefined;
      let values: Map<string, number>;
      try {
        values = await runRound(entry, config.root, config.timeoutMs);
      } catch (error) {
        outcome.failures.push(toFailure(label, error));
        headFailed = true;
        break;
      }
      const base = first ? before : await takeBase();
      for (const [name, v] of values) {
        if (!keep(name)) continue;
        head.set(name, [...(head.get(name) ?? []), v]);
        const b = base?.get(name);
        if (b === undefined) continue;
        const p = pairs.get(name) ?? { base: [], head: [] };
        p.base.push(b);
        p.head.push(v);
        pairs.set(name, p);
      }
    }
    if (headFailed) continue;
    for (const [name, samples] of head) {
      outcome.headResults.push({
        name,
        kind: "harness",
        source: `${entry.harness}: ${entry.run}`,
        unit: "ms",
        samples,
        summary: summarize(samples),
      });
    }
    if (options.baseRoot && baseFailure) {
      // The base tree's rounds stopped: its benchmarks fall back to the stored samples, whole.
      const failed: BenchmarkFailure = baseFailure;
      for (const name of head.keys()) outcome.baseFailures.push({ ...failed, name });
      continue;
    }
    for (const [name, p] of pairs) outcome.pairs.set(name, p);
  }
  return outcome;
}
