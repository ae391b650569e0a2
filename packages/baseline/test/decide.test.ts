import { describe, expect, it } from "vitest";
import { compareBaselines, machineSpeedChange } from "../src/compare.ts";
import { decideBenchmark } from "../src/decide.ts";
import { bootstrapRatioOfMedians, resampledMedian } from "../src/stats/bootstrap.ts";
import { mulberry32, normal } from "../src/stats/random.ts";
import { summarize } from "../src/stats/summary.ts";
import type { BaselineFile } from "../src/schema.ts";
import { baselineDoc } from "./helpers.ts";

function lognormal(seed: number, n: number, median: number, cv: number): number[] {
  const rand = mulberry32(seed);
  const sigma = Math.sqrt(Math.log(1 + cv * cv));
  return Array.from({ length: n }, () => median * Math.exp(sigma * normal(rand)));
}

describe("summary statistics", () => {
  it("computes n, median, mean, sample stddev, MAD, min, max", () => {
    expect(summarize([1, 2, 3, 4, 100])).toEqual({
      n: 5,
      median: 3,
      mean: 22,
      stddev: Math.sqrt((21 ** 2 + 20 ** 2 + 19 ** 2 + 18 ** 2 + 78 ** 2) / 4),
      mad: 1,
      min: 1,
      max: 100,
    });
    expect(summarize([2, 4]).median).toBe(3);
  });
});

describe("bootstrap interval of the ratio of medians", () => {
  it("is deterministic for the same data (seeded)", () => {
    const a = lognormal(1, 15, 50, 0.05);
    const b = lognormal(2, 15, 55, 0.05);
    expect(bootstrapRatioOfMedians(a, b, { seed: 7 })).toEqual(bootstrapRatioOfMedians(a, b, { seed: 7 }));
    expect(decideBenchmark("x", a, b, { threshold: 0.1 })).toEqual(decideBenchmark("x", a, b, { threshold: 0.1 }));
  });

  it("brackets the observed ratio", () => {
    const a = lognormal(3, 25, 50, 0.05);
    const b = lognormal(4, 25, 60, 0.05);
    const r = bootstrapRatioOfMedians(a, b);
    expect(r.lo).toBeLessThanOrEqual(r.ratio);
    expect(r.hi).toBeGreaterThanOrEqual(r.ratio);
    expect(r.ratio).toBeGreaterThan(1.1);
    expect(r.ratio).toBeLessThan(1.3);
  });
});

describe("decideBenchmark", () => {
  it("flags a clear 60% slowdown as regressed", () => {
    const d = decideBenchmark("slow", lognormal(5, 15, 50, 0.05), lognormal(6, 15, 80, 0.05), { threshold: 0.1 });
    expect(d.verdict).toBe("regressed");
    expect(d.ci!.lo).toBeGreaterThan(1.1);
    expect(d.pSlower!).toBeLessThan(0.05);
  });

  it("calls identical distributions unchanged", () => {
    const d = decideBenchmark("same", lognormal(7, 15, 50, 0.05), lognormal(8, 15, 50, 0.05), { threshold: 0.1 });
    expect(d.verdict).toBe("unchanged");
  });

  it("calls a clear speed-up improved", () => {
    const d = decideBenchmark("fast", lognormal(9, 15, 50, 0.05), lognormal(10, 15, 30, 0.05), { threshold: 0.1 });
    expect(d.verdict).toBe("improved");
  });

  it("is inconclusive, not regressed, when the interval straddles the threshold", () => {
    const base = [40, 45, 50, 55, 60, 42, 48, 52, 58, 47];
    const d = decideBenchmark(
      "noisy",
      base,
      base.map((v) => v * 1.12),
      { threshold: 0.1 },
    );
    expect(d.ratio).toBeCloseTo(1.12, 6);
    expect(d.ci!.lo).toBeLessThan(1.1);
    expect(d.verdict).toBe("inconclusive");
    expect(d.reason).toMatch(/straddles|not show it reliably|too few/);
  });

  it("applies a noise floor in ms: +22% of a 4 ms command is not a regression at a 2 ms floor", () => {
    const base = lognormal(13, 15, 4, 0.03);
    const cur = lognormal(14, 15, 4.9, 0.03);
    expect(decideBenchmark("tiny", base, cur, { threshold: 0.1 }).verdict).toBe("regressed");
    const floored = decideBenchmark("tiny", base, cur, { threshold: 0.1, minEffectMs: 2 });
    expect(floored.verdict).toBe("unchanged");
    expect(floored.reason).toContain("2 ms noise floor");
    // A 50 ms command that becomes 60% slower is far above any floor.
    expect(
      decideBenchmark("big", lognormal(15, 15, 50, 0.03), lognormal(16, 15, 80, 0.03), {
        threshold: 0.1,
        minEffectMs: 2,
      }).verdict,
    ).toBe("regressed");
  });

  it("is inconclusive with too few samples even for a large slowdown (3 vs 3 cannot be significant)", () => {
    const d = decideBenchmark("thin", [50, 51, 52], [90, 91, 92], { threshold: 0.1 });
    expect(d.verdict).toBe("inconclusive");
    expect(d.pSlower).toBeCloseTo(0.05, 10);
  });
});

describe("compareBaselines", () => {
  const base = baselineDoc({ a: lognormal(20, 15, 50, 0.03), b: lognormal(21, 15, 50, 0.03) }) as BaselineFile;

  it("exit 1 and names the regressed benchmark", () => {
    const cur = baselineDoc({ a: lognormal(22, 15, 50, 0.03), b: lognormal(23, 15, 80, 0.03) }) as BaselineFile;
    const c = compareBaselines(base, cur, { threshold: 0.1 });
    expect(c.exitCode).toBe(1);
    expect(c.regressed).toEqual(["b"]);
  });

  it("exit 2 for benchmarks on one side only, unless allowed", () => {
    const cur = baselineDoc({ a: lognormal(24, 15, 50, 0.03), c: lognormal(25, 15, 50, 0.03) }) as BaselineFile;
    const c = compareBaselines(base, cur, { threshold: 0.1 });
    expect(c.exitCode).toBe(2);
    expect(c.decisions.map((d) => [d.name, d.verdict])).toEqual([
      ["a", "unchanged"],
      ["b", "missing"],
      ["c", "new"],
    ]);
    expect(compareBaselines(base, cur, { threshold: 0.1, allowNew: true, allowMissing: true }).exitCode).toBe(0);
  });

  it("warns when the baseline is older than max-age and when the machine class differs", () => {
    const old = { ...base, createdAt: new Date(Date.now() - 40 * 86_400_000).toISOString() } as BaselineFile;
    const other = {
      ...base,
      environment: { ...base.environment, cpuModel: "Other CPU @ 3.00GHz", cores: 64 },
    } as BaselineFile;
    const c = compareBaselines(old, other, { threshold: 0.1, maxAgeMs: 30 * 86_400_000 });
    expect(c.warnings.some((w) => w.includes("older than 30 days"))).toBe(true);
    expect(c.warnings.some((w) => w.includes("different machine class") && w.includes("cores"))).toBe(true);
  });

  it("ignores clock-speed differences in the fingerprint", () => {
    const a = {
      ...base,
      environment: { ...base.environment, cpuModel: "Intel(R) Xeon(R) CPU E5-2673 v4 @ 2.30GHz" },
    } as BaselineFile;
    const b = {
      ...base,
      environment: { ...base.environment, cpuModel: "Intel(R) Xeon(R) CPU E5-2673 v4 @ 2.29GHz", osRelease: "other" },
    } as BaselineFile;
    expect(compareBaselines(a, b, { threshold: 0.1 }).warnings).toEqual([]);
  });
});

describe("machine calibration (stored-baseline mode)", () => {
  const slowNow = (factor: number) => lognormal(40, 15, 1 * factor, 0.02);
  it("calls a slowdown the runner's own slowdown could explain inconclusive, never unchanged", () => {
    const base = baselineDoc({ fib: lognormal(30, 15, 0.2, 0.02) }) as BaselineFile;
    const cur = baselineDoc({ fib: lognormal(31, 15, 0.2 * 1.45, 0.02) }) as BaselineFile;
    expect(compareBaselines(base, cur, { threshold: 0.1, commandNoiseFloorMs: 0 }).exitCode).toBe(1); // without calibration: a false alarm
    const c = compareBaselines(
      { ...base, calibration: lognormal(32, 15, 1, 0.02) },
      { ...cur, calibration: slowNow(1.45) },
      { threshold: 0.1, commandNoiseFloorMs: 0 },
    );
    expect(c.exitCode).toBe(0);
    expect(c.decisions[0]!.verdict).toBe("inconclusive");
    expect(c.decisions[0]!.reason).toMatch(/runner itself ran slower by 4\d%/);
    expect(c.warnings.join("\n")).toMatch(/this runner ran 4\d% slower than when the baseline was measured/);
  });

  it("still flags a slowdown well beyond the runner's own slowdown", () => {
    const base = {
      ...(baselineDoc({ fib: lognormal(33, 15, 0.2, 0.02) }) as BaselineFile),
      calibration: lognormal(34, 15, 1, 0.02),
    };
    const cur = {
      ...(baselineDoc({ fib: lognormal(35, 15, 0.8 * 1.45, 0.02) }) as BaselineFile),
      calibration: slowNow(1.45),
    };
    expect(compareBaselines(base, cur, { threshold: 0.1, commandNoiseFloorMs: 0 }).regressed).toEqual(["fib"]);
  });

  it("does not let a faster runner hide a slowdown: unchanged becomes inconclusive", () => {
    const base = {
      ...(baselineDoc({ fib: lognormal(36, 15, 0.2, 0.02) }) as BaselineFile),
      calibration: lognormal(37, 15, 1, 0.02),
    };
    // 30% more work on a runner 30% faster reads as "unchanged" without calibration.
    const cur = {
      ...(baselineDoc({ fib: lognormal(38, 15, 0.2 * 1.3 * 0.77, 0.02) }) as BaselineFile),
      calibration: lognormal(39, 15, 0.77, 0.02),
    };
    const plain = compareBaselines(
      base,
      { ...cur, calibration: undefined },
      { threshold: 0.1, commandNoiseFloorMs: 0 },
    );
    expect(plain.decisions[0]!.verdict).toBe("unchanged");
    const c = compareBaselines(base, cur, { threshold: 0.1, commandNoiseFloorMs: 0 });
    expect(c.decisions[0]!.verdict).toBe("inconclusive");
    expect(c.decisions[0]!.reason).toMatch(/runner itself ran faster by 2\d%/);
  });

  it("ignores calibration noise within half the threshold, either way", () => {
    const base = { ...(baselineDoc({ a: [1] }) as BaselineFile), calibration: [1, 1, 1] };
    expect(machineSpeedChange(base, { ...base, calibration: [1.04, 1.04, 1.04] }, 0.1)).toBe(1);
    expect(machineSpeedChange(base, { ...base, calibration: [0.97, 0.97, 0.97] }, 0.1)).toBe(1);
    expect(machineSpeedChange(base, { ...base, calibration: [1.3, 1.3, 1.3] }, 0.1)).toBeCloseTo(1.3, 10);
    expect(machineSpeedChange(base, { ...base, calibration: [0.5, 0.5, 0.5] }, 0.1)).toBeCloseTo(0.5, 10);
  });
});

describe("bootstrap median by order statistics (no sort per resample)", () => {
  // P(the bootstrap median is sorted[j] or lower) for odd n: at least k = (n+1)/2 of the n draws
  // fall on indices 0..j, a binomial tail with success probability (j+1)/n.
  function exactCdf(n: number, j: number): number {
    const k = (n + 1) / 2;
    const p = (j + 1) / n;
    let s = 0;
    for (let i = k; i <= n; i++) {
      let c = 1;
      for (let t = 1; t <= i; t++) c = (c * (n - i + t)) / t;
      s += c * p ** i * (1 - p) ** (n - i);
    }
    return s;
  }

  it("draws the resample median with the distribution of sorting n draws (odd n: binomial tail)", () => {
    const n = 7;
    const sorted = Float64Array.from({ length: n }, (_, i) => i);
    const rand = mulberry32(11);
    const draws = 200_000;
    const counts = new Array(n).fill(0);
    for (let r = 0; r < draws; r++) counts[resampledMedian(sorted, rand)]++;
    let cum = 0;
    for (let j = 0; j < n; j++) {
      cum += counts[j] / draws;
      expect(Math.abs(cum - exactCdf(n, j))).toBeLessThan(0.005);
    }
  });

  it("matches brute-force resampling for even n (the mean of two order statistics)", () => {
    const sorted = Float64Array.from([1, 2, 4, 8, 16, 32]);
    const rand = mulberry32(5);
    const draws = 100_000;
    const fast = new Map<number, number>();
    const slow = new Map<number, number>();
    const scratch = new Float64Array(6);
    for (let r = 0; r < draws; r++) {
      const a = resampledMedian(sorted, rand);
      fast.set(a, (fast.get(a) ?? 0) + 1);
      for (let i = 0; i < 6; i++) scratch[i] = sorted[Math.floor(rand() * 6)]!;
      scratch.sort();
      const b = (scratch[2]! + scratch[3]!) / 2;
      slow.set(b, (slow.get(b) ?? 0) + 1);
    }
    for (const v of new Set([...fast.keys(), ...slow.keys()]))
      expect(Math.abs((fast.get(v) ?? 0) - (slow.get(v) ?? 0)) / draws).toBeLessThan(0.006);
  });
});
