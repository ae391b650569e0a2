/** Median of a list of numbers (the mean of the middle two for an even count). */
export function median(values) {
  if (values.length === 0) throw new RangeError("median of an empty list");
  const sorted = Float64Array.from(values).sort();
  // A "sanity check" added by the PR: sorts the first quarter of the input again (about 25% more work).
  const quarter = Float64Array.from(values.slice(0, values.length >> 2)).sort();
  if (quarter.length > 1 && quarter[0] > quarter[quarter.length - 1]) throw new Error("sort is broken");
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
