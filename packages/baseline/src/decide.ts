import { bootstrapRatioOfMedians } from "./stats/bootstrap.ts";
import { mannWhitneyU } from "./stats/mann-whitney.ts";
import { MIN_SAMPLES } from "./sample-count.ts";
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
  /** How the two sides were measured: paired (base and head interleaved in this job) or against stored samples. */
  mode?: "paired" | "stored";
  baseline?: Summary;
  current?: Summary;
  baselineSamples?: number[];
  currentSamples?: number[];
  error?: string;
  /** What to do about a benchmark that failed to run (verdict "error"). */
  remedy?: string;
}

export const DEFAULT_ALPHA = 0.05;
export const DEFAULT_CONFIDENCE = 0.95;

const pct = (r: number) => `${r >= 1 ? "+" : ""}${((r - 1) * 100).toFixed(1)}%`;

/** What a test and an interval say about one benchmark, whichever way they were computed. */
export interface Evidence {
  /** Estimated current/baseline ratio, and its interval. */
  ratio: number;
  lo: number;
  hi: number;
  /** One-sided p-values: current slower / current faster. */
  pSlower: number;
  pFaster: number;
  /** Samples behind the evidence (pairs count once on each side). */
  nBaseline: number;
  nCurrent: number;
  /** What the samples are, for the "too few" message ("baseline"/"current" or "pairs"). */
  paired?: boolean;
}

/** The limit a slowdown must clear: the threshold, or the noise floor of a short command if larger. */
export function effectiveLimit(
  options: Pick<DecisionOptions, "threshold" | "minEffectMs">,
  baseMedianMs: number,
): { limit: number; floorApplied: boolean } {
  const floor = options.minEffectMs && baseMedianMs > 0 ? options.minEffectMs / baseMedianMs : 0;
  return { limit: 1 + Math.max(options.threshold, floor), floorApplied: floor > options.threshold };
}

/**
 * The verdict rule, shared by the stored-baseline and the paired decision.
 * regressed: significantly slower (p < alpha) AND the whole interval above the limit.
 * improved: the mirror image. unchanged: the interval rules out a slowdown beyond the limit.
 * inconclusive: anything else; the data cannot tell (a warning, not a failure).
 */
export function verdictFor(
  e: Evidence,
  limit: number,
  options: { alpha?: number; confidence?: number; notes?: string[] },
): { verdict: Verdict; reason: string } {
  const alpha = options.alpha ?? DEFAULT_ALPHA;
  const confidence = options.confidence ?? DEFAULT_CONFIDENCE;
  const ciText = `${Math.round(confidence * 100)}% CI ${pct(e.lo)} .. ${pct(e.hi)}`;
  const notes = options.notes ?? [];
  const thresholdText = notes.length > 0 ? `${pct(limit)} (${notes.join(", ")})` : pct(limit);
  if (e.pSlower < alpha && e.lo > limit) {
    return {
      verdict: "regressed",
      reason: `slower by ${pct(e.ratio)} (${ciText}), entirely above the ${thresholdText} threshold`,
    };
  }
  if (e.pFaster < alpha && e.hi < 1 / limit)
    return { verdict: "improved", reason: `faster: ${pct(e.ratio)} (${ciText})` };
  if (e.hi <= limit) return { verdict: "unchanged", reason: `within the ${thresholdText} threshold (${ciText})` };
  const minP = Math.min(e.pSlower, e.pFaster);
  let reason: string;
  if (e.paired && e.nCurrent < MIN_SAMPLES.paired) {
    reason = `too few pairs (${e.nCurrent}) to decide; use more --runs`;
  } else if (e.pSlower >= alpha && e.ratio > limit) {
    reason = `looks ${pct(e.ratio)} slower, but the samples do not show it reliably (p=${e.pSlower.toFixed(3)} >= ${alpha}); more --runs would tell`;
  } else if (minP >= alpha && e.nBaseline + e.nCurrent < 8) {
    reason = `too few samples (${e.nBaseline} baseline, ${e.nCurrent} current) to decide; use more --runs`;
  } else {
    reason = `the interval (${ciText}) straddles the ${thresholdText} threshold: too noisy to decide; more --runs or a quieter machine would tell`;
  }
  return { verdict: "inconclusive", reason };
}

/**
 * The decision record of either procedure: its evidence judged by the one verdict rule, against
 * the threshold or the noise floor of a short command, with the samples behind it.
 */
export function judge(
  name: string,
  baselineSamples: readonly number[],
  currentSamples: readonly number[],
  evidence: Evidence & { test: "exact" | "normal"; mode?: "paired" },
  options: DecisionOptions,
): BenchmarkDecision {
  const confidence = options.confidence ?? DEFAULT_CONFIDENCE;
  const baseline = summarize(baselineSamples);
  const { limit, floorApplied } = effectiveLimit(options, baseline.median);
  const notes = floorApplied ? [`${options.minEffectMs} ms noise floor`] : [];
  const { verdict, reason } = verdictFor(evidence, limit, { ...options, notes });
  return {
    name,
    verdict,
    reason,
    ratio: evidence.ratio,
    ci: { lo: evidence.lo, hi: evidence.hi, confidence },
    pSlower: evidence.pSlower,
    pFaster: evidence.pFaster,
    test: evidence.test,
    ...(evidence.mode ? { mode: evidence.mode } : {}),
    baseline,
    current: summarize(currentSamples),
    baselineSamples: [...baselineSamples],
    currentSamples: [...currentSamples],
  };
}

/**
 * The decision for one benchmark on raw samples of two independent measurements (same unit):
 * ratio of medians with a bootstrap interval, one-sided Mann-Whitney tests.
 */
export function decideBenchmark(
  name: string,
  baselineSamples: readonly number[],
  currentSamples: readonly number[],
  options: DecisionOptions,
): BenchmarkDecision {
  const interval = bootstrapRatioOfMedians(baselineSamples, currentSamples, {
    confidence: options.confidence ?? DEFAULT_CONFIDENCE,
    resamples: options.resamples,
    seed: hashString(name),
  });
  const slower = mannWhitneyU(currentSamples, baselineSamples, "greater");
  const faster = mannWhitneyU(currentSamples, baselineSamples, "less");
  const evidence = {
    ratio: interval.ratio,
    lo: interval.lo,
    hi: interval.hi,
    pSlower: slower.p,
    pFaster: faster.p,
    nBaseline: baselineSamples.length,
    nCurrent: currentSamples.length,
    test: slower.method,
  };
  return judge(name, baselineSamples, currentSamples, evidence, options);
}
