import type { Verdict } from "./decide.ts";
import { DEFAULT_COMMAND_NOISE_FLOOR_MS } from "./compare.ts";
import type { BenchmarkFailure } from "./measure/run.ts";
import { decidePairedBenchmark } from "./paired/decide-paired.ts";
import { measurePaired } from "./paired/measure-paired.ts";
import type { Config } from "./schema.ts";
import { MIN_SAMPLES } from "./sample-count.ts";
import { median } from "./stats/summary.ts";

export interface CalibrationRow {
  name: string;
  kind: "command" | "module";
  /** Pairs per A/A check. */
  pairs: number;
  /** Robust spread of one pair's head/base ratio, as a fraction (1.4826 x MAD of the log-ratios); null below 2 pairs. */
  noise: number | null;
  /** Verdicts of the A/A checks (head against head): anything but unchanged is a false alarm or a warning. */
  verdicts: Verdict[];
  falseAlarms: number;
  inconclusive: number;
  /** Median half-width of the interval, as a log-ratio. */
  halfWidth: number;
  /**
   * The smallest slowdown the gate reliably calls regressed at this threshold and --runs
   * (fraction); null when a check has fewer pairs than any paired verdict needs: it detects nothing.
   */
  detectable: number | null;
  /** --runs at which a slowdown of twice the threshold is reliably detected; null when `detectable` is. */
  runsFor2x: number | null;
}

export interface CalibrationReport {
  runs: number;
  repeat: number;
  threshold: number;
  rows: CalibrationRow[];
  failures: BenchmarkFailure[];
  /**
   * The --runs to use: the largest runsFor2x, never below what the gate needs. When a row could
   * not be estimated (too few pairs), the --runs to calibrate again with.
   */
  recommendedRuns: number;
  /** Pairs each A/A check needs before it can call anything (MIN_SAMPLES.paired). */
  minPairs: number;
}

/** The fewest pairs whose interval does not rest on the most extreme pair (see signMedianInterval). */
export const MIN_DECISIVE_PAIRS = 9;

/**
 * A/A calibration on this runner: the head measured against itself in paired mode, `repeat`
 * times. Identical code, so every regressed/improved verdict is a false alarm; the interval
 * widths say how small a slowdown the gate can see at this threshold and number of runs.
 */
export async function calibrate(
  config: Config,
  options: { runs: number; repeat: number; threshold: number; onProgress?: (m: string) => void },
): Promise<CalibrationReport> {
  const perBench = new Map<
    string,
    { kind: "command" | "module"; logRatios: number[]; checks: ReturnType<typeof decidePairedBenchmark>[] }
  >();
  const failures: BenchmarkFailure[] = [];
  for (let rep = 1; rep <= options.repeat; rep++) {
    options.onProgress?.(`A/A check ${rep}/${options.repeat}`);
    const outcome = await measurePaired(config, {
      baseRoot: config.root,
      runs: options.runs,
      onProgress: options.onProgress,
    });
    failures.push(...outcome.failures.filter((f) => !failures.some((g) => g.name === f.name)));
    for (const result of outcome.headResults) {
      const pairs = outcome.pairs.get(result.name);
      if (!pairs) continue;
      const kind = result.kind === "command" ? "command" : "module";
      const minEffectMs = kind === "command" ? DEFAULT_COMMAND_NOISE_FLOOR_MS : undefined;
      const entry = perBench.get(result.name) ?? { kind, logRatios: [], checks: [] };
      entry.checks.push(
        decidePairedBenchmark(result.name, pairs.base, pairs.head, { threshold: options.threshold, minEffectMs }),
      );
      entry.logRatios.push(...pairs.head.map((h, i) => Math.log(h / pairs.base[i]!)));
      perBench.set(result.name, entry);
    }
  }
  const limit = 1 + options.threshold;
  // A slowdown r is called when the whole interval clears the limit: r > limit * e^halfWidth.
  const target = Math.log((1 + 2 * options.threshold) / limit);
  // At 9 pairs the 95% sign interval first leaves out the extremes (x(2)..x(8)): below that, one
  // pair thrown off by load can move the verdict, whatever the noise figures say.
  const minRuns = Math.ceil(MIN_DECISIVE_PAIRS / config.samplesPerRun);
  const rows: CalibrationRow[] = [...perBench].map(([name, e]) => {
    const halfWidth = median(e.checks.map((d) => (Math.log(d.ci!.hi) - Math.log(d.ci!.lo)) / 2));
    const centre = median(e.logRatios);
    const noise = 1.4826 * median(e.logRatios.map((x) => Math.abs(x - centre)));
    const verdicts = e.checks.map((d) => d.verdict);
    const pairs = e.checks[0]!.current!.n;
    // Below the fewest pairs a sign test can ever call significant, every check is inconclusive
    // whatever the slowdown: its interval (one pair: a point) says nothing about what it detects.
    const decisive = pairs >= MIN_SAMPLES.paired;
    return {
      name,
      kind: e.kind,
      pairs,
      noise: e.logRatios.length >= 2 ? Math.expm1(noise) : null,
      verdicts,
      falseAlarms: verdicts.filter((v) => v === "regressed" || v === "improved").length,
      inconclusive: verdicts.filter((v) => v === "inconclusive").length,
      halfWidth,
      detectable: decisive ? limit * Math.exp(halfWidth) - 1 : null,
      // The interval narrows with the square root of the number of pairs.
      runsFor2x: decisive ? Math.max(minRuns, Math.ceil(options.runs * (halfWidth / target) ** 2)) : null,
    };
  });
  const estimated = rows.map((r) => r.runsFor2x).filter((r): r is number => r !== null);
  const recommendedRuns = Math.min(100, Math.max(minRuns, ...estimated));
  return {
    runs: options.runs,
    repeat: options.repeat,
    threshold: options.threshold,
    rows,
    failures,
    recommendedRuns,
    minPairs: MIN_SAMPLES.paired,
  };
}
