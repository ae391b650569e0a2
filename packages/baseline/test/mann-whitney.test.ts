import { describe, expect, it } from "vitest";
import { exactUDistribution, mannWhitneyU } from "../src/stats/mann-whitney.ts";
import { erfc, normalUpperTail } from "../src/stats/normal.ts";

describe("Mann-Whitney U against published reference values", () => {
  it("matches the exact null distribution of Mann & Whitney (1947) for m = n = 4", () => {
    // Frequencies of U = 0..16 over the C(8,4) = 70 arrangements (Table I of the paper).
    const counts = [...exactUDistribution(4, 4)].map((p) => Math.round(p * 70));
    expect(counts).toEqual([1, 1, 2, 3, 5, 5, 7, 7, 8, 7, 7, 5, 5, 3, 2, 1, 1]);
    const dist = exactUDistribution(4, 4);
    const cdf = (u: number) => dist.slice(0, u + 1).reduce((a, b) => a + b, 0);
    expect(cdf(1)).toBeCloseTo(0.029, 3);
    expect(cdf(2)).toBeCloseTo(0.057, 3);
    expect(cdf(3)).toBeCloseTo(0.1, 3);
  });

  it("gives the scipy.stats.mannwhitneyu documentation example: U = 17, exact two-sided p = 0.1111", () => {
    const males = [19, 22, 16, 29, 24];
    const females = [20, 11, 17, 12];
    const r = mannWhitneyU(males, females, "two-sided");
    expect(r.u).toBe(17);
    expect(r.method).toBe("exact");
    expect(r.p).toBeCloseTo(0.1111111111, 9);
    expect(mannWhitneyU(males, females, "greater").p).toBeCloseTo(7 / 126, 9);
  });

  it("gives R's wilcox.test example (Hollander & Wolfe permeability data): W = 35, exact one-sided p = 0.1272", () => {
    const x = [0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46];
    const y = [1.15, 0.88, 0.9, 0.74, 1.21];
    const r = mannWhitneyU(x, y, "greater");
    expect(r.u).toBe(35);
    expect(r.method).toBe("exact");
    expect(r.p).toBeCloseTo(0.1272, 4);
  });

  it("uses the tie-corrected normal approximation with ties, as R does (W = 51.5, p = 0.5966; W = 0, p = 0.001364)", () => {
    const x = [1, 5, 9, 24, 56, 21, 3, 7, 21, 4];
    const r = mannWhitneyU(x, [12, 15, 5, 9, 9, 14, 56, 22, 3, 7, 32, 5], "two-sided");
    expect(r.method).toBe("normal");
    expect(r.u).toBe(51.5);
    expect(r.p).toBeCloseTo(0.5966, 4);
    const far = mannWhitneyU(x, [1233, 4356, 987, 39999, 1111, 200000], "two-sided");
    expect(far.u).toBe(0);
    expect(far.p).toBeCloseTo(0.001364, 5);
  });

  it("cannot reach p < 0.05 with 3 samples a side (the reason each run yields several samples)", () => {
    const r = mannWhitneyU([4, 5, 6], [1, 2, 3], "greater");
    expect(r.p).toBeCloseTo(1 / 20, 12);
    const fifteen = mannWhitneyU(
      Array.from({ length: 15 }, (_, i) => 100 + i),
      Array.from({ length: 15 }, (_, i) => i),
      "greater",
    );
    expect(fifteen.p).toBeLessThan(1e-8);
  });

  it("is symmetric: p(greater) of (a, b) equals p(less) of (b, a)", () => {
    const a = [3.1, 2.7, 4.4, 3.9, 5.0, 2.2];
    const b = [1.9, 2.5, 3.0, 2.1, 2.8];
    expect(mannWhitneyU(a, b, "greater").p).toBeCloseTo(mannWhitneyU(b, a, "less").p, 12);
  });

  it("reports no evidence when every value is identical", () => {
    expect(mannWhitneyU([1, 1, 1], [1, 1, 1], "greater").p).toBe(1);
  });

  it("has an accurate normal tail (erfc reference values)", () => {
    expect(erfc(0)).toBeCloseTo(1, 7);
    expect(erfc(1)).toBeCloseTo(0.157299207, 7);
    expect(normalUpperTail(1.959963985)).toBeCloseTo(0.025, 7);
    expect(normalUpperTail(-1.644853627)).toBeCloseTo(0.95, 7);
  });
});
