/** Descriptive statistics stored next to the raw samples in a baseline. */
export interface Summary {
  n: number;
  median: number;
  mean: number;
  stddev: number;
  mad: number;
  min: number;
  max: number;
}

/** Median of a sorted array (average of the two middle values for even n). */
export function medianOfSorted(sorted: ArrayLike<number>): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const mid = n >> 1;
  return n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Typed-array sort: numeric, and several times faster than Array#sort with a comparator at 100k values. */
export function median(values: ArrayLike<number>): number {
  return medianOfSorted(Float64Array.from(values).sort());
}

export function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

/** Sample standard deviation (n - 1 denominator); 0 for a single value. */
export function stddev(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  let s = 0;
  for (const v of values) s += (v - m) ** 2;
  return Math.sqrt(s / (values.length - 1));
}

/** Median absolute deviation from the median (unscaled). */
export function mad(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const m = median(values);
  return median(Float64Array.from(values, (v) => Math.abs(v - m)));
}

export function summarize(values: readonly number[]): Summary {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return {
    n: values.length,
    median: median(values),
    mean: mean(values),
    stddev: stddev(values),
    mad: mad(values),
    min,
    max,
  };
}
