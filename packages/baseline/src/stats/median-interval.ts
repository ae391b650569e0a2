import { mulberry32 } from "./random.ts";
import { medianOfSorted } from "./summary.ts";

export interface MedianInterval {
  /** Median of the observed values. */
  median: number;
  lo: number;
  hi: number;
}

export interface MedianIntervalOptions {
  resamples?: number;
  confidence?: number;
  seed?: number;
}

/**
 * Percentile bootstrap interval of the median of `values` (pairs resampled with replacement), seeded: same data, same interval.
 *
 * A resample's median is an order statistic of the sorted data, so instead of
 * sorting each resample this counts how often each sorted position was drawn
 * and walks the cumulative counts to the middle: O(n) per resample. Draws are
 * positions in the sorted data, so the interval does not depend on the order of
 * `values`, and it is exactly that of draw-sort-take-the-middle over the sorted
 * data with the same seed.
 */
export function bootstrapMedianInterval(
  values: readonly number[],
  options: MedianIntervalOptions = {},
): MedianInterval {
  const resamples = options.resamples ?? 2000;
  const confidence = options.confidence ?? 0.95;
  const n = values.length;
  if (n === 0) throw new RangeError("bootstrapMedianInterval needs at least one value");
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(values[i]!)) {
      throw new RangeError(`bootstrapMedianInterval: value ${i} is ${values[i]}, not a finite number`);
    }
  }
  if (!Number.isInteger(resamples) || resamples < 1) {
    throw new RangeError(`bootstrapMedianInterval: resamples must be a positive integer, not ${resamples}`);
  }
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`bootstrapMedianInterval: confidence must be between 0 and 1 (exclusive), not ${confidence}`);
  }

  const sorted = Float64Array.from(values).sort();

  const rand = mulberry32(options.seed ?? 0x9e3779b9);
  const counts = new Int32Array(n);
  const medians = new Float64Array(resamples);
  // 0-based ranks of the middle order statistics (the same one twice for odd n).
  const lowMid = (n - 1) >> 1;
  const highMid = n >> 1;
  for (let r = 0; r < resamples; r++) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[Math.floor(rand() * n)]!++;
    let k = 0;
    let seen = counts[0]!; // resample values at sorted positions <= k
    while (seen <= lowMid) seen += counts[++k]!;
    const low = sorted[k]!;
    while (seen <= highMid) seen += counts[++k]!;
    // Same arithmetic as medianOfSorted, so both bootstraps agree to the bit.
    medians[r] = lowMid === highMid ? low : (low + sorted[k]!) / 2;
  }
  medians.sort();
  const tail = (1 - confidence) / 2;
  // Same percentile rule as bootstrapRatioOfMedians.
  const at = (q: number) => medians[Math.min(resamples - 1, Math.max(0, Math.round(q * (resamples - 1))))]!;
  return { median: medianOfSorted(sorted), lo: at(tail), hi: at(1 - tail) };
}
