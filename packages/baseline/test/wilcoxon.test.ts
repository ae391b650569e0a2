import { describe, expect, it } from "vitest";
import { mulberry32 } from "../src/stats/random.ts";
import { exactSignedRankDistribution, WILCOXON_EXACT_MAX_N, wilcoxonSignedRank } from "../src/stats/wilcoxon.ts";

type Alt = "greater" | "less" | "two-sided";
const ALTERNATIVES: Alt[] = ["greater", "less", "two-sided"];

/**
 * Independent reference: drop zeros, midranks by counting (O(n^2)), then all
 * 2^n sign assignments of those ranks, counting how many give a V at least /
 * at most as extreme as the observed one.
 */
function bruteForce(d: readonly number[]): { v: number; greater: number; less: number; twoSided: number } {
  const x = d.filter((value) => value !== 0);
  const n = x.length;
  const ranks = x.map((a) => {
    let below = 0;
    let equal = 0;
    for (const b of x) {
      if (Math.abs(b) < Math.abs(a)) below++;
      else if (Math.abs(b) === Math.abs(a)) equal++;
    }
    return below + (equal + 1) / 2;
  });
  const v = x.reduce((s, value, i) => (value > 0 ? s + ranks[i]! : s), 0);
  let atLeast = 0;
  let atMost = 0;
  const total = 2 ** n;
  for (let mask = 0; mask < total; mask++) {
    let s = 0;
    for (let i = 0; i < n; i++) if (mask & (1 << i)) s += ranks[i]!;
    if (s >= v) atLeast++;
    if (s <= v) atMost++;
  }
  const greater = atLeast / total;
  const less = atMost / total;
  return { v, greater, less, twoSided: Math.min(1, 2 * Math.min(greater, less)) };
}

describe("Wilcoxon signed-rank test against published reference values", () => {
  it("gives R's ?wilcox.test example (Hollander & Wolfe depression data): V = 40, p = 0.01953", () => {
    const x = [1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3];
    const y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29];
    const r = wilcoxonSignedRank(
      x.map((xi, i) => xi - y[i]!),
      "greater",
    );
    expect(r).toEqual({ v: 40, p: 10 / 512, method: "exact", n: 9, zeros: 0 });
    expect(r.p).toBeCloseTo(0.01953, 5);
  });

  it("gives scipy.stats.wilcoxon's documented Darwin corn example: exact p = 0.041259765625 two-sided, 0.0206298828125 greater", () => {
    const d = [6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75];
    const greater = wilcoxonSignedRank(d, "greater");
    expect(greater.v).toBe(96);
    expect(greater.method).toBe("exact");
    expect(greater.p).toBe(0.0206298828125);
    expect(wilcoxonSignedRank(d, "two-sided").p).toBe(0.041259765625);
    // scipy 1.17.1, wilcoxon(d, alternative='less'): 0.982330322265625
    expect(wilcoxonSignedRank(d, "less").p).toBe(0.982330322265625);
  });

  it("gives scipy's documented x/y example, where x - y rounds to distinct magnitudes: V = 5, p = 0.5625", () => {
    const x = [0.5, 0.825, 0.375, 0.5];
    const y = [0.525, 0.775, 0.325, 0.55];
    const r = wilcoxonSignedRank(
      x.map((xi, i) => xi - y[i]!),
      "greater",
    );
    expect(r.v).toBe(5);
    expect(r.p).toBe(0.5625);
  });

  it("gives scipy's documented tied example exactly over the midranks: d = [-0.025, 0.05, 0.05, -0.05], V = 6, p = 0.5", () => {
    // Ranks 1, 3, 3, 3: a plain no-ties table would say 7/16 = 0.4375 (older scipy did); the permutation
    // distribution of the midranks gives 8/16, as scipy >= 1.13 documents.
    const r = wilcoxonSignedRank([-0.025, 0.05, 0.05, -0.05], "greater");
    expect(r).toEqual({ v: 6, p: 0.5, method: "exact", n: 4, zeros: 0 });
  });

  it("reproduces textbook values of the exact null distribution (n = 5 and the n = 10 critical values)", () => {
    const five = exactSignedRankDistribution(5);
    expect(five.length).toBe(16);
    expect(five[15]).toBe(1 / 32);
    expect(five[0]).toBe(1 / 32);
    expect([...five].map((p) => p * 32)).toEqual([1, 1, 1, 2, 2, 3, 3, 3, 3, 3, 3, 2, 2, 1, 1, 1]);
    expect(wilcoxonSignedRank([1, 2, 3, 4, 5], "greater").p).toBe(1 / 32);
    expect(wilcoxonSignedRank([1, 2, 3, 4, 5], "two-sided").p).toBe(1 / 16);

    // Table of lower-tail critical values for n = 10 (one-sided alpha .05 / .025 / .01 / .005 -> T = 10 / 8 / 5 / 3):
    // the largest T with P(V <= T) <= alpha.
    const ten = exactSignedRankDistribution(10);
    const cdf = (t: number) => ten.slice(0, t + 1).reduce((a, b) => a + b, 0);
    const critical = (alpha: number) => {
      let t = 0;
      while (cdf(t + 1) <= alpha) t++;
      return t;
    };
    expect([0.05, 0.025, 0.01, 0.005].map(critical)).toEqual([10, 8, 5, 3]);
    expect(cdf(10)).toBe(43 / 1024);
    expect(cdf(8)).toBe(25 / 1024);
    // The same through the test: positive differences at ranks 1 and 2 only give V = 3.
    const d = [1, 2, -3, -4, -5, -6, -7, -8, -9, -10];
    expect(wilcoxonSignedRank(d, "less")).toMatchObject({ v: 3, p: 5 / 1024, method: "exact" });
  });

  it("matches scipy's normal approximation (correction=True, as R's correct=TRUE) beyond n = 50, with ties and zeros", () => {
    // 70 differences in -9..13: 3 zeros dropped, 67 left, many ties. Reference: scipy 1.17.1,
    // wilcoxon(d, alternative=..., method='asymptotic', correction=True, zero_method='wilcox').
    const ties = Array.from({ length: 70 }, (_, i) => ((i * 37) % 23) - 9);
    const g = wilcoxonSignedRank(ties, "greater");
    expect(g).toMatchObject({ v: 1482, method: "normal", n: 67, zeros: 3 });
    expect(g.p).toBeCloseTo(0.016124314754725717, 8);
    expect(wilcoxonSignedRank(ties, "less").p).toBeCloseTo(0.9841259232362579, 7);
    expect(wilcoxonSignedRank(ties, "two-sided").p).toBeCloseTo(0.03224862950945143, 8);

    // 60 distinct magnitudes, no ties.
    const distinct = Array.from({ length: 60 }, (_, i) => ((i * 41) % 101) - 40 + 0.25);
    const gd = wilcoxonSignedRank(distinct, "greater");
    expect(gd).toMatchObject({ v: 1237, method: "normal", n: 60, zeros: 0 });
    expect(gd.p).toBeCloseTo(0.008972394920645076, 8);
    expect(wilcoxonSignedRank(distinct, "less").p).toBeCloseTo(0.9912045115315102, 7);
    expect(wilcoxonSignedRank(distinct, "two-sided").p).toBeCloseTo(0.01794478984129015, 8);
  });
});

describe("exact p-values equal a brute-force enumeration of all sign flips", () => {
  it("for 300 random small samples with ties and zeros", () => {
    const rand = mulberry32(20261201);
    let withTies = 0;
    let withZeros = 0;
    for (let trial = 0; trial < 300; trial++) {
      const length = 1 + Math.floor(rand() * 14);
      // Small integer and half-integer magnitudes force ties (whole and half midranks) and zeros.
      const d = Array.from({ length }, () => (Math.floor(rand() * 9) - 4) * (rand() < 0.3 ? 0.5 : 1));
      const ref = bruteForce(d);
      const nonZero = d.filter((x) => x !== 0);
      if (new Set(nonZero.map(Math.abs)).size < nonZero.length) withTies++;
      if (nonZero.length < d.length) withZeros++;
      for (const alt of ALTERNATIVES) {
        const r = wilcoxonSignedRank(d, alt);
        expect(r.v, `v of ${d}`).toBe(ref.v);
        expect(r.n).toBe(nonZero.length);
        expect(r.zeros).toBe(d.length - nonZero.length);
        const want =
          nonZero.length === 0 ? 1 : alt === "greater" ? ref.greater : alt === "less" ? ref.less : ref.twoSided;
        // Both are sums of multiples of 2^-n: equal to the last bit.
        expect(r.p, `${alt} p of ${d}`).toBe(want);
      }
    }
    expect(withTies).toBeGreaterThan(100);
    expect(withZeros).toBeGreaterThan(100);
  });

  it("for continuous random samples without ties", () => {
    const rand = mulberry32(7);
    for (let trial = 0; trial < 50; trial++) {
      const d = Array.from({ length: 2 + Math.floor(rand() * 13) }, () => rand() - 0.4);
      const ref = bruteForce(d);
      expect(wilcoxonSignedRank(d, "greater").p).toBe(ref.greater);
      expect(wilcoxonSignedRank(d, "two-sided").p).toBe(ref.twoSided);
    }
  });
});

describe("normal approximation against the exact distribution where both apply", () => {
  it("agrees within 0.002 at n = 51, just past the exact limit, within 5% for p in [0.01, 0.5], conservative beyond", () => {
    const n = WILCOXON_EXACT_MAX_N + 1;
    const exact = exactSignedRankDistribution(n);
    const rand = mulberry32(51);
    for (let trial = 0; trial < 40; trial++) {
      // Mostly-positive signs push V into the upper tail, where the approximation is weakest.
      const bias = 0.5 + 0.3 * rand();
      const d = Array.from({ length: n }, (_, i) => (i + 1) * (rand() < bias ? 1 : -1));
      const r = wilcoxonSignedRank(d, "greater");
      expect(r.method).toBe("normal");
      const exactP = exact.slice(r.v).reduce((a, b) => a + b, 0);
      expect(Math.abs(r.p - exactP)).toBeLessThan(0.002);
      if (exactP >= 0.01 && exactP <= 0.5) expect(Math.abs(r.p / exactP - 1)).toBeLessThan(0.05);
      // The signed-rank distribution has lighter tails than the normal: far out, the approximation
      // overstates p (measured here: +8% at p = 0.005, +60% at 1e-4), so it never flags more eagerly.
      if (exactP < 0.01) expect(r.p).toBeGreaterThan(exactP);
    }
  });

  it("the exact path with ties at n = 50 is close to the tie-corrected normal approximation at n = 51", () => {
    // Same tie pattern; one more far-out difference moves V by 51 and the mean by 25.5.
    const rand = mulberry32(50);
    const d = Array.from({ length: 50 }, () => (1 + Math.floor(rand() * 12)) * (rand() < 0.62 ? 1 : -1));
    const e = wilcoxonSignedRank(d, "greater");
    const a = wilcoxonSignedRank([...d, 1000], "greater");
    expect(e.method).toBe("exact");
    expect(a.method).toBe("normal");
    expect(e.p).toBeGreaterThan(0);
    expect(Math.abs(e.p - a.p)).toBeLessThan(0.02);
  });
});

describe("Wilcoxon signed-rank properties", () => {
  const rand = mulberry32(99);
  const samples = Array.from({ length: 200 }, (_, i) => {
    const length = i < 100 ? 1 + Math.floor(rand() * 20) : 51 + Math.floor(rand() * 40);
    const shift = rand() - 0.5;
    return Array.from({ length }, () => Math.round((rand() - 0.5 + shift) * 20) / 4);
  });

  it("gives p in [0, 1]", () => {
    for (const d of samples) {
      for (const alt of ALTERNATIVES) {
        const { p } = wilcoxonSignedRank(d, alt);
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(1);
      }
    }
  });

  it("p(greater) + p(less) = 1 + P(V = v) exactly, and >= 1 under the continuity-corrected approximation", () => {
    for (const d of samples) {
      const g = wilcoxonSignedRank(d, "greater");
      const l = wilcoxonSignedRank(d, "less");
      if (g.method === "exact" && g.n > 0) {
        // Both tails include V = v itself: p(greater) + p(less) - 1 is P(V = v) > 0.
        expect(g.p + l.p).toBeGreaterThan(1);
        expect(g.p + l.p).toBeLessThanOrEqual(1.5 + 1e-12);
      } else {
        expect(g.p + l.p).toBeGreaterThanOrEqual(1 - 1e-7);
      }
      const t = wilcoxonSignedRank(d, "two-sided");
      expect(t.p).toBeCloseTo(Math.min(1, 2 * Math.min(g.p, l.p)), 6);
    }
  });

  it("is symmetric under a sign flip: greater of d is less of -d, two-sided unchanged, V mirrored", () => {
    for (const d of samples) {
      const flipped = d.map((x) => -x);
      const g = wilcoxonSignedRank(d, "greater");
      const lf = wilcoxonSignedRank(flipped, "less");
      expect(lf.p).toBeCloseTo(g.p, 12);
      expect(g.v + lf.v).toBe((g.n * (g.n + 1)) / 2);
      expect(wilcoxonSignedRank(flipped, "two-sided").p).toBeCloseTo(wilcoxonSignedRank(d, "two-sided").p, 12);
    }
  });

  it("reports no evidence for no differences or only zeros, and counts the zeros", () => {
    expect(wilcoxonSignedRank([], "greater")).toEqual({ v: 0, p: 1, method: "exact", n: 0, zeros: 0 });
    expect(wilcoxonSignedRank([0, 0, 0], "two-sided")).toEqual({ v: 0, p: 1, method: "exact", n: 0, zeros: 3 });
    expect(wilcoxonSignedRank([0, 2, 0, 1], "greater")).toEqual({ v: 3, p: 0.25, method: "exact", n: 2, zeros: 2 });
  });

  it("cannot reach p < 0.05 one-sided with fewer than 5 pairs (how many rounds paired mode needs)", () => {
    expect(wilcoxonSignedRank([1, 2, 3, 4], "greater").p).toBe(1 / 16);
    expect(wilcoxonSignedRank([1, 2, 3, 4, 5], "greater").p).toBe(1 / 32);
  });

  it("rejects non-finite differences and unknown alternatives with a clear error", () => {
    expect(() => wilcoxonSignedRank([1, Number.NaN], "greater")).toThrow(/difference 1 is NaN/);
    expect(() => wilcoxonSignedRank([Number.POSITIVE_INFINITY], "less")).toThrow(/not a finite number/);
    expect(() => wilcoxonSignedRank([1], "up" as Alt)).toThrow(/alternative must be/);
  });
});
