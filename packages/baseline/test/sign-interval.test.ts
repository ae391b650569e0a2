import { describe, expect, it } from "vitest";
import { binomialHalfCdf, signMedianInterval, signTest } from "../src/stats/sign-interval.ts";
import { mulberry32 } from "../src/stats/random.ts";

/** P(Bin(n, 1/2) <= k) by exact integer arithmetic: the reference the floating-point sum must match. */
function exactCdf(n: number, k: number): number {
  let c = 1n;
  let sum = 0n;
  for (let i = 0; i <= Math.min(k, n); i++) {
    if (i > 0) c = (c * BigInt(n - i + 1)) / BigInt(i);
    sum += c;
  }
  return Number(sum) / 2 ** n;
}

const seeded = (seed: number) => {
  const rand = mulberry32(seed);
  return (n: number, f: (u: number) => number) => Array.from({ length: n }, () => f(rand()));
};

describe("binomialHalfCdf", () => {
  it("matches exact integer sums for small and large n", () => {
    for (const n of [1, 2, 5, 15, 30, 60, 200]) {
      for (const k of [0, 1, Math.floor(n / 3), Math.floor(n / 2), n - 1]) {
        expect(binomialHalfCdf(n, k)).toBeCloseTo(exactCdf(n, k), 12);
      }
    }
    expect(binomialHalfCdf(15, 3)).toBeCloseTo((1 + 15 + 105 + 455) / 32768, 15);
  });

  it("is 0 below the support and 1 at its top; does not underflow at n = 2000", () => {
    expect(binomialHalfCdf(10, -1)).toBe(0);
    expect(binomialHalfCdf(10, 10)).toBe(1);
    expect(binomialHalfCdf(2000, 1000)).toBeGreaterThan(0.5);
    expect(binomialHalfCdf(2000, 1000)).toBeLessThan(0.52);
  });
});

describe("signTest", () => {
  it("gives the exact binomial tails", () => {
    // Summed in log space: equal to the exact value up to rounding (relative 1e-12).
    expect(signTest(Array(15).fill(0.1), "greater").p / 2 ** -15).toBeCloseTo(1, 12);
    expect(signTest(Array(15).fill(0.1), "less").p).toBe(1);
    // 12 of 15 above 0: P(X >= 12) = (455 + 105 + 15 + 1) / 2^15
    const d = [...Array(12).fill(0.2), -0.3, -1, -0.5];
    const greater = signTest(d, "greater");
    expect(greater).toMatchObject({ n: 15, positives: 12, zeros: 0 });
    expect(greater.p).toBeCloseTo(576 / 32768, 15);
    expect(signTest(d, "two-sided").p).toBeCloseTo((2 * 576) / 32768, 15);
    expect(signTest(d, "less").p).toBeCloseTo(exactCdf(15, 12), 13); // P(X <= 12)
  });

  it("counts a pair that is 3x off as one vote, where a rank test gives it the top rank", () => {
    // The shape seen on a busy runner: 11 pairs near +19%, four thrown 2-3x either way.
    const ratios = [
      1.165, 1.199, 1.205, 1.189, 1.208, 1.16, 1.201, 1.151, 1.234, 1.192, 3.149, 0.634, 0.834, 0.705, 1.195,
    ];
    const logs = ratios.map(Math.log);
    expect(signTest(logs, "greater").p).toBeLessThan(0.05);
    const i = signMedianInterval(logs);
    expect(Math.exp(i.lo)).toBeGreaterThan(1.1);
    expect(Math.exp(i.median)).toBeCloseTo(1.192, 3);
  });

  it("drops zero differences and says so", () => {
    expect(signTest([0, 0, 1, 2], "greater")).toEqual({ p: 0.25, n: 2, positives: 2, zeros: 2 });
    expect(signTest([0, 0], "two-sided")).toEqual({ p: 1, n: 0, positives: 0, zeros: 2 });
  });

  it("rejects what is not a difference or an alternative", () => {
    expect(() => signTest([1, Number.NaN], "greater")).toThrow(/value 1 is NaN/);
    expect(() => signTest([1], "up" as "greater")).toThrow(/alternative must be/);
  });
});

describe("signMedianInterval", () => {
  it("takes the order statistics the binomial gives: x(4)..x(12) of 15, x(2)..x(9) of 10", () => {
    const fifteen = Array.from({ length: 15 }, (_, i) => i + 1);
    expect(signMedianInterval(fifteen)).toEqual({ median: 8, lo: 4, hi: 12, coverage: 1 - 2 * exactCdf(15, 3) });
    const ten = [10, 1, 9, 2, 8, 3, 7, 4, 6, 5];
    expect(signMedianInterval(ten)).toEqual({ median: 5.5, lo: 2, hi: 9, coverage: 1 - 2 * exactCdf(10, 1) });
  });

  it("falls back to the range below 6 values, and says how much that covers", () => {
    const i = signMedianInterval([3, 1, 2, 5, 4]);
    expect(i).toMatchObject({ median: 3, lo: 1, hi: 5 });
    expect(i.coverage).toBeCloseTo(1 - 2 / 32, 15);
  });

  it("excludes 0 exactly when the two-sided sign test rejects at its level", () => {
    const draw = seeded(7);
    for (let t = 0; t < 400; t++) {
      const n = 6 + (t % 40);
      const shift = ((t % 9) - 4) * 0.05;
      const d = draw(n, (u) => shift + (u - 0.5) * 0.6);
      const i = signMedianInterval(d);
      const rejects = signTest(d, "two-sided").p <= 1 - i.coverage + 1e-12;
      expect(i.lo > 0 || i.hi < 0).toBe(rejects);
    }
  });

  it("covers the true median at least as often as it promises, on a skewed distribution", () => {
    const draw = seeded(11);
    const trueMedian = Math.log(2); // exponential(1)'s median
    let covered = 0;
    const trials = 4000;
    for (let t = 0; t < trials; t++) {
      const i = signMedianInterval(draw(15, (u) => -Math.log(1 - u)));
      if (i.lo <= trueMedian && trueMedian <= i.hi) covered++;
    }
    // Promised 0.9648 at n = 15; 4000 trials put 3 sigma at about 0.009.
    expect(covered / trials).toBeGreaterThan(0.9648 - 0.009);
  });

  it("does not depend on the order of the values", () => {
    const d = seeded(3)(23, (u) => u - 0.4);
    expect(signMedianInterval([...d].reverse())).toEqual(signMedianInterval(d));
  });

  it("rejects empty input, non-finite values and a confidence outside (0, 1)", () => {
    expect(() => signMedianInterval([])).toThrow(/at least one value/);
    expect(() => signMedianInterval([1, Number.POSITIVE_INFINITY])).toThrow(/value 1 is Infinity/);
    expect(() => signMedianInterval([1, 2], 1)).toThrow(/confidence must be between 0 and 1/);
  });
});
