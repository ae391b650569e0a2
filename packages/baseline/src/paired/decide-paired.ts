import {
  type BenchmarkDecision,
  DEFAULT_CONFIDENCE,
  type DecisionOptions,
  effectiveLimit,
  verdictFor,
} from "../decide.ts";
import { signMedianInterval, signTest } from "../stats/sign-interval.ts";
import { summarize } from "../stats/summary.ts";

/**
 * The decision for one benchmark measured in pairs: base[i] and head[i] were taken back to back
 * on the same runner, so load from elsewhere hits both alike and cancels in their ratio. The
 * estimate is the median per-pair ratio with its exact order-statistic interval; the tests are
 * one-sided sign tests of the log-ratios against 0 (see stats/sign-interval.ts for why not ranks).
 */
export function decidePairedBenchmark(
  name: string,
  base: readonly number[],
  head: readonly number[],
  options: DecisionOptions,
): BenchmarkDecision {
  if (base.length !== head.length) throw new Error(`paired samples of ${name} differ in length`);
  const confidence = options.confidence ?? DEFAULT_CONFIDENCE;
  const baseline = summarize(base);
  const { limit, floorApplied } = effectiveLimit(options, baseline.median);
  const logRatios = head.map((h, i) => Math.log(h / base[i]!));
  const interval = signMedianInterval(logRatios, confidence);
  const slower = signTest(logRatios, "greater");
  const faster = signTest(logRatios, "less");
  const ratio = Math.exp(interval.median);
  const lo = Math.exp(interval.lo);
  const hi = Math.exp(interval.hi);
  const { verdict, reason } = verdictFor(
    {
      ratio,
      lo,
      hi,
      pSlower: slower.p,
      pFaster: faster.p,
      nBaseline: base.length,
      nCurrent: head.length,
      paired: true,
    },
    limit,
    { ...options, notes: floorApplied ? [`${options.minEffectMs} ms noise floor`] : [] },
  );
  return {
    name,
    verdict,
    reason,
    ratio,
    ci: { lo, hi, confidence },
    pSlower: slower.p,
    pFaster: faster.p,
    test: "exact",
    mode: "paired",
    baseline,
    current: summarize(head),
    baselineSamples: [...base],
    currentSamples: [...head],
  };
}
