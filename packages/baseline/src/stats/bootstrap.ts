import { mulberry32, normal } from "./random.ts";
import { medianOfSorted } from "./summary.ts";

export interface RatioInterval {
  /** median(current) / median(baseline) on the observed data */
  ratio: number;
  lo: number;
  hi: number;
}

export interface BootstrapOptions {
  resamples?: number;
  confidence?: number;
  seed?: number;
}

/** Gamma(shape, 1) deviate for shape >= 1 (Marsaglia & Tsang 2000). */
function gamma(shape: number, rand: () => number): number {
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(rand);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rand();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** Beta(a, b) deviate for a, b >= 1. */
function beta(a: number, b: number, rand: () => number): number {
  const x = gamma(a, rand);
  return x / (x + gamma(b, rand));
}

/**
 * The median of one bootstrap resample of `sorted` (n draws with replacement), without drawing
 * or sorting the resample. A draw is sorted[floor(n U)] with U uniform, and floor is monotone, so
 * the k-th smallest draw is sorted[floor(n U(k))], where U(k), the k-th smallest of n uniforms, is
 * Beta(k, n - k + 1). The (k+1)-th is the smallest of the n - k uniforms above U(k):
 * U(k) + (1 - U(k)) Beta(1, n - k). Same distribution as sorting n draws, in O(1) instead of O(n log n).
 */
export function resampledMedian(sorted: ArrayLike<number>, rand: () => number): number {
  const n = sorted.length;
  const at = (u: number) => sorted[Math.min(n - 1, Math.floor(n * u))]!;
  if (n % 2 === 1) {
    const k = (n + 1) / 2;
    return at(beta(k, n - k + 1, rand));
  }
  const k = n / 2;
  const first = beta(k, n - k + 1, rand);
  const second = first + (1 - first) * (1 - (1 - rand()) ** (1 / (n - k)));
  return (at(first) + at(second)) / 2;
}

/**
 * Percentile bootstrap interval of median(current) / median(baseline), each side
 * resampled independently. Seeded, so the same data always gives the same interval.
 * Each side is sorted once; a resample's median is then an order statistic drawn directly
 * (see resampledMedian), so 100k samples a side cost two sorts, not 4000.
 */
export function bootstrapRatioOfMedians(
  baseline: readonly number[],
  current: readonly number[],
  options: BootstrapOptions = {},
): RatioInterval {
  const resamples = options.resamples ?? 2000;
  const confidence = options.confidence ?? 0.95;
  const rand = mulberry32(options.seed ?? 0x9e3779b9);
  const base = Float64Array.from(baseline).sort();
  const cur = Float64Array.from(current).sort();
  const ratios = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    ratios[r] = resampledMedian(cur, rand) / resampledMedian(base, rand);
  }
  ratios.sort();
  const tail = (1 - confidence) / 2;
  const at = (q: number) => ratios[Math.min(resamples - 1, Math.max(0, Math.round(q * (resamples - 1))))]!;
  const ratio = medianOfSorted(cur) / medianOfSorted(base);
  return { ratio, lo: at(tail), hi: at(1 - tail) };
}
