import { type BenchmarkDecision, DEFAULT_CONFIDENCE, type DecisionOptions, judge } from "../decide.ts";
import { signMedianInterval, signTest } from "../stats/sign-interval.ts";

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
  const logRatios = head.map((h, i) => Math.log(h / base[i]!));
  const interval = signMedianInterval(logRatios, options.confidence ?? DEFAULT_CONFIDENCE);
  const slower = signTest(logRatios, "greater");
  const faster = signTest(logRatios, "less");
  const evidence = {
    ratio: Math.exp(interval.median),
    lo: Math.exp(interval.lo),
    hi: Math.exp(interval.hi),
    pSlower: slower.p,
    pFaster: faster.p,
    nBaseline: base.length,
    nCurrent: head.length,
    paired: true,
    test: "exact" as const,
    mode: "paired" as const,
  };
  return judge(name, base, head, evidence, options);
}
