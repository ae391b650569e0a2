import { describe, expect, it } from "vitest";
import { bootstrapMedianInterval } from "../src/stats/median-interval.ts";
import { mulberry32, normal } from "../src/stats/random.ts";
import { median, medianOfSorted } from "../src/stats/summary.ts";

/**
 * The textbook percentile bootstrap: draw n values with replacement, sort, take the middle.
 * Drawn from the sorted data with the same PRNG, so the draws are the same as the fast version's.
 */
function naiveBootstrapMedianInterval(values: readonly number[], resamples: number, confidence: number, seed: number) {
  const rand = mulberry32(seed);
  const pool = [...values].sort((a, b) => a - b);
  const n = pool.length;
  const medians: number[] = [];
  for (let r = 0; r < resamples; r++) {
    const resample = Array.from({ length: n }, () => pool[Math.floor(rand() * n)]!);
    resample.sort((a, b) => a - b);
    medians.push(medianOfSorted(resample));
  }
  medians.sort((a, b) => a - b);
  const tail = (1 - confidence) / 2;
  const at = (q: number) => medians[Math.min(resamples - 1, Math.max(0, Math.round(q * (resamples - 1))))]!;
  return { median: median(values), lo: at(tail), hi: at(1 - tail) };
}

describe("bootstrapMedianInterval", () => {
  it("equals the sort-every-resample bootstrap for the same draws (odd and even n, ties, unsorted input)", () => {
    const rand = mulberry32(4242);
    const datasets: number[][] = [
      [3],
      [5, 1],
      [2, 2, 2],
      [0.1, -0.3, 0.2, 0.05],
      Array.from({ length: 15 }, () => Math.log(1 + 0.2 * (rand() - 0.4))),
      Array.from({ length: 24 }, () => Math.round(rand() * 6) / 2), // many ties
      Array.from({ length: 101 }, () => normal(rand)),
    ];
    for (const values of datasets) {
      for (const [resamples, confidence, seed] of [
        [2000, 0.95, 0x9e3779b9],
        [777, 0.9, 1],
        [50, 0.99, 123456789],
      ] as const) {
        const fast = bootstrapMedianInterval(values, { resamples, confidence, seed });
        expect(fast, `n = ${values.length}, seed ${seed}`).toEqual(
          naiveBootstrapMedianInterval(values, resamples, confidence, seed),
        );
      }
    }
  });

  it("defaults to 2000 resamples at 95% with a fixed seed: same data, same interval", () => {
    const values = [0.12, 0.08, 0.15, 0.11, 0.09, 0.2, 0.1, 0.13, 0.07, 0.14];
    const a = bootstrapMedianInterval(values);
    expect(a).toEqual(naiveBootstrapMedianInterval(values, 2000, 0.95, 0x9e3779b9));
    expect(bootstrapMedianInterval([...values])).toEqual(a);
    // The interval depends on the data, not on the order it was measured in.
    expect(bootstrapMedianInterval([...values].reverse())).toEqual(a);
    expect(bootstrapMedianInterval([...values.slice(5), ...values.slice(0, 5)])).toEqual(a);
    expect(a.median).toBeCloseTo(0.115, 12);
    expect(a.lo).toBeLessThanOrEqual(a.median);
    expect(a.hi).toBeGreaterThanOrEqual(a.median);
    expect(a.lo).toBeLessThan(a.hi);
  });

  it("covers the true median about as often as its confidence says (synthetic log-normal data)", () => {
    // Skewed like timings: log-normal with median exp(0) = 1.
    const rand = mulberry32(2026);
    const trials = 400;
    const coverage = (confidence: number, n: number) => {
      let covered = 0;
      let width = 0;
      for (let t = 0; t < trials; t++) {
        const values = Array.from({ length: n }, () => Math.exp(0.3 * normal(rand)));
        const r = bootstrapMedianInterval(values, { resamples: 1000, confidence, seed: t });
        if (r.lo <= 1 && 1 <= r.hi) covered++;
        width += r.hi - r.lo;
      }
      return { rate: covered / trials, width: width / trials };
    };
    const c95 = coverage(0.95, 31);
    expect(c95.rate).toBeGreaterThan(0.9);
    expect(c95.rate).toBeLessThan(0.99);
    const c80 = coverage(0.8, 31);
    expect(c80.rate).toBeGreaterThan(0.72);
    expect(c80.rate).toBeLessThan(0.88);
    expect(c80.width).toBeLessThan(c95.width);
    // Four times the data, about half the width.
    const big = coverage(0.95, 124);
    expect(big.rate).toBeGreaterThan(0.9);
    expect(big.width / c95.width).toBeGreaterThan(0.35);
    expect(big.width / c95.width).toBeLessThan(0.65);
  });

  it("rejects empty or non-finite input and bad options with a clear error", () => {
    expect(() => bootstrapMedianInterval([])).toThrow(/at least one value/);
    expect(() => bootstrapMedianInterval([1, Number.NaN])).toThrow(/value 1 is NaN/);
    expect(() => bootstrapMedianInterval([1, 2], { resamples: 0 })).toThrow(/resamples must be a positive integer/);
    expect(() => bootstrapMedianInterval([1, 2], { confidence: 1 })).toThrow(/confidence must be between 0 and 1/);
  });
});
