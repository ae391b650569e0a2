import { bootstrapRatioOfMedians } from "./stats/bootstrap.ts";
import { mannWhitneyU } from "./stats/mann-whitney.ts";
import { hashString } from "./stats/random.ts";
import { type Summary, summarize } from "./stats/summary.ts";

export type Verdict = "regressed" | "improved" | "unchanged" | "inconclusive" | "new" | "missing" | "error";

export interface DecisionOptions {
  /** Allowed slowdown as a fraction: 0.10 means 10 %. */
  threshold: number;
  /** Significance level of the one-sided Mann-Whitney test. */
  alpha?: number;
  /** Confidence level of the bootstrap interval. */
  confidence?: number;
  resamples?: number;
  /**
   * Smallest slowdown, in ms, that can count (a noise floor). Process start-up
   * jitter on a busy machine is worth a few ms, so a 4 ms command needs more
   * than +10% before a change means anything. The effective threshold is
   * max(threshold, minEffectMs / baseline median).
   */
  minEffectMs?: number;
  /**
   * How much slower the machine itself ran now than for the baseline (ratio of
   * calibration medians, >= 1). Slowdowns up to that factor are not counted.
   */
  machineSlowdown?: number;
}

export interface BenchmarkDecision {
  name: string;
  verdict: Verdict;
  /** Plain-language reason for the verdict. */
  reason: string;
  /** median(current) / median(baseline) */
  ratio?: number;
  ci?: { lo: number; hi: number; confidence: number };
  /** one-sided p-value for "current is slower" */
  pSlower?: number;
  /** one-sided p-value for "current is faster" */
  pFaster?: number;
  test?: "exact" | "normal";
  baseline?: Summary;
  current?: Summary;
  baselineSamples?: number[];
  currentSamples?: number[];
  error?: string;
}

export const DEFAULT_ALPHA = 0.05;
export const DEFAULT_CONFIDENCE = 0.95;

const pct = (r: number) => `${r >= 1 ? "+" : ""}${((r - 1) * 100).toFixed(1)}%`;

/**
 * The decision for one benchmark on raw samples (same unit on both sides).
 * regressed: the one-sided Mann-Whitney test says "slower" (p < alpha) AND the
 *   whole bootstrap interval of the median ratio lies above 1 + threshold.
 * improved: the mirror image (significantly faster, interval below 1/(1+threshold)).
 * unchanged: the interval rules out a slowdown beyond the threshold.
 * inconclusive: anything else; the data cannot tell (a warning, not a failure).
 */
export function decideBenchmark(
  name: string,
  baselineSamples: readonly number[],
  currentSamples: readonly number[],
  options: DecisionOptions,
): BenchmarkDecision {
  const alpha = options.alpha ?? DEFAULT_ALPHA;
  const confidence = options.confidence ?? DEFAULT_CONFIDENCE;
  const baselineSummary = summarize(baselineSamples);
  const baseMedian = baselineSummary.median;
  const floor = options.minEffectMs && baseMedian > 0 ? options.minEffectMs / baseMedian : 0;
  const machine = Math.max(1, options.machineSlowdown ?? 1);
  const limit = (1 + Math.max(options.threshold, floor)) * machine;
  const interval = bootstrapRatioOfMedians(baselineSamples, currentSamples, {
    confidence,
    resamples: options.resamples,
    seed: hashString(name),
  });
  const slower = mannWhitneyU(currentSamples, baselineSamples, "greater");
  const faster = mannWhitneyU(currentSamples, baselineSamples, "less");
  const base: BenchmarkDecision = {
    name,
    verdict: "inconclusive",
    reason: "",
    ratio: interval.ratio,
    ci: { lo: interval.lo, hi: interval.hi, confidence },
    pSlower: slower.p,
    pFaster: faster.p,
    test: slower.method,
    baseline: baselineSummary,
    current: summarize(currentSamples),
    baselineSamples: [...baselineSamples],
    currentSamples: [...currentSamples],
  };
  const ciText = `${Math.round(confidence * 100)}% CI ${pct(interval.lo)} .. ${pct(interval.hi)}`;
  const notes = [
    floor > options.threshold ? `${options.minEffectMs} ms noise floor` : "",
    machine > 1 ? `machine ${pct(machine)} slower` : "",
  ].filter(Boolean);
  const thresholdText = notes.length > 0 ? `${pct(limit)} (${notes.join(", ")})` : pct(limit);
  if (slower.p < alpha && interval.lo > limit) {
    return {
      ...base,
      verdict: "regressed",
      reason: `slower by ${pct(interval.ratio)} (${ciText}), entirely above the ${thresholdText} threshold`,
    };
  }
  if (faster.p < alpha && interval.hi < 1 / limit) {
    return { ...base, verdict: "improved", reason: `faster: ${pct(interval.ratio)} (${ciText})` };
  }
  if (interval.hi <= limit) {
    return { ...base, verdict: "unchanged", reason: `within the ${thresholdText} threshold (${ciText})` };
  }
  const minP = Math.min(slower.p, faster.p);
  let reason: string;
  if (slower.p >= alpha && interval.ratio > limit) {
    reason = `looks ${pct(interval.ratio)} slower, but the samples do not show it reliably (p=${slower.p.toFixed(3)} >= ${alpha}); more --runs would tell`;
  } else if (minP >= alpha && baselineSamples.length + currentSamples.length < 8) {
    reason = `too few samples (${baselineSamples.length} baseline, ${currentSamples.length} current) to decide; use more --runs`;
  } else {
    reason = `the interval (${ciText}) straddles the ${thresholdText} threshold: too noisy to decide; more --runs or a quieter machine would tell`;
  }
  return { ...base, reason };
}
