import { describe, expect, it } from "vitest";
import { EXACT_MAX_N, exactTiedUDistribution, exactUDistribution, mannWhitneyU } from "../src/stats/mann-whitney.ts";
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

  it("has R's tie-corrected normal approximation (W = 51.5, p = 0.5966; W = 0, p = 0.001364)", () => {
    // R's wilcox.test falls back to the normal approximation with ties; perfgate uses it above
    // EXACT_MAX_N a side, and the exact permutation distribution below (see the next block).
    const x = [1, 5, 9, 24, 56, 21, 3, 7, 21, 4];
    const r = mannWhitneyU(x, [12, 15, 5, 9, 9, 14, 56, 22, 3, 7, 32, 5], "two-sided", { method: "normal" });
    expect(r.method).toBe("normal");
    expect(r.u).toBe(51.5);
    expect(r.p).toBeCloseTo(0.5966, 4);
    const far = mannWhitneyU(x, [1233, 4356, 987, 39999, 1111, 200000], "two-sided", { method: "normal" });
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

/** U of a against b by definition: pairs with a > b, ties one half. */
function uByPairs(a: readonly number[], b: readonly number[]): number {
  let u = 0;
  for (const x of a) for (const y of b) u += x > y ? 1 : x === y ? 0.5 : 0;
  return u;
}

/** The exact permutation p-values by brute force: every way to split the pooled values m / n. */
function bruteForce(a: readonly number[], b: readonly number[]) {
  const pooled = [...a, ...b];
  const m = a.length;
  const observed = uByPairs(a, b);
  let total = 0;
  let atLeast = 0;
  let atMost = 0;
  const pick: number[] = [];
  const walk = (start: number) => {
    if (pick.length === m) {
      const chosen = new Set(pick);
      const first = pick.map((i) => pooled[i]!);
      const second = pooled.filter((_, i) => !chosen.has(i));
      const u = uByPairs(first, second);
      total++;
      if (u >= observed - 1e-9) atLeast++;
      if (u <= observed + 1e-9) atMost++;
      return;
    }
    for (let i = start; i <= pooled.length - (m - pick.length); i++) {
      pick.push(i);
      walk(i + 1);
      pick.pop();
    }
  };
  walk(0);
  return { greater: atLeast / total, less: atMost / total, u: observed };
}

describe("Mann-Whitney with ties: the exact permutation distribution", () => {
  // Coarse timers make timings repeat: with 2-3 distinct values the normal approximation
  // rejected far too often (issue 11, item 22).
  const cases: Array<[string, number[], number[]]> = [
    ["two values, 6 vs 6", [1, 1, 2, 2, 2, 2], [1, 1, 1, 1, 2, 2]],
    ["three values, 7 vs 6", [3, 3, 2, 2, 2, 1, 3], [1, 1, 2, 1, 2, 3]],
    ["timer ticks, 8 vs 7", [0.1, 0.2, 0.2, 0.3, 0.2, 0.1, 0.3, 0.3], [0.1, 0.1, 0.2, 0.1, 0.2, 0.2, 0.1]],
    ["a few ties among distinct values, 9 vs 8", [5, 7, 7, 9, 11, 12, 12, 15, 20], [4, 5, 6, 7, 8, 10, 12, 13]],
    ["R's example with ties, 10 vs 6", [1, 5, 9, 24, 56, 21, 3, 7, 21, 4], [12, 15, 5, 9, 9, 14]],
  ];
  it.each(cases)("matches brute-force enumeration: %s", (_label, a, b) => {
    const brute = bruteForce(a, b);
    const greater = mannWhitneyU(a, b, "greater");
    expect(greater.method).toBe("exact");
    expect(greater.u).toBe(brute.u);
    expect(greater.p).toBeCloseTo(brute.greater, 12);
    expect(mannWhitneyU(a, b, "less").p).toBeCloseTo(brute.less, 12);
    const twoSided = Math.min(1, 2 * (brute.u > (a.length * b.length) / 2 ? brute.greater : brute.less));
    expect(mannWhitneyU(a, b, "two-sided").p).toBeCloseTo(twoSided, 12);
  });

  it("15 vs 15 with two values: exact p = C(15,3)/C(30,3) = 0.1121 where the normal approximation said 0.040", () => {
    // Three of the current samples at the higher value, none of the baseline's. With two values
    // U depends only on how many of the 3 high values fall in the first sample: a hypergeometric
    // tail (Fisher's exact test), P(all 3 in the first 15 of 30) = C(15,3)/C(30,3) = 455/4060.
    const current = [...Array(12).fill(1), 2, 2, 2];
    const baseline = Array(15).fill(1);
    const exact = mannWhitneyU(current, baseline, "greater");
    expect(exact.method).toBe("exact");
    expect(exact.p).toBeCloseTo(455 / 4060, 12);
    const normal = mannWhitneyU(current, baseline, "greater", { method: "normal" });
    expect(normal.p).toBeCloseTo(0.0396, 4);
    expect(normal.p).toBeLessThan(0.05); // the false "significant" the exact test removes
  });

  it("without ties, the tie-aware distribution equals the classic one", () => {
    const dist = exactTiedUDistribution(Array(9).fill(1), 4); // 9 distinct values, m = 4, n = 5
    const classic = exactUDistribution(4, 5);
    // indexed by 2U: the odd entries are zero without ties
    for (let u = 0; u <= 20; u++) expect(dist[2 * u]).toBeCloseTo(classic[u]!, 14);
    for (let u = 0; u < 20; u++) expect(dist[2 * u + 1]).toBe(0);
  });

  it("stays exact up to EXACT_MAX_N a side, then uses the normal approximation", () => {
    const tied = (n: number) => Array.from({ length: n }, (_, i) => i % 3);
    expect(mannWhitneyU(tied(EXACT_MAX_N), tied(EXACT_MAX_N), "greater").method).toBe("exact");
    expect(mannWhitneyU(tied(EXACT_MAX_N + 1), tied(EXACT_MAX_N), "greater").method).toBe("normal");
  });
});
