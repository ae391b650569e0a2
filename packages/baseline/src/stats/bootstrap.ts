import { medianOfSorted } from "./summary.ts";
import { mulberry32 } from "./random.ts";

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

function resampleMedian(source: Float64Array, scratch: Float64Array, rand: () => number): number {
  const n = source.length;
  for (let i = 0; i < n; i++) scratch[i] = source[Math.floor(rand() * n)]!;
  scratch.sort();
  return medianOfSorted(scratch);
}

/**
 * Percentile bootstrap interval of median(current) / median(baseline), each side
 * resampled independently. Seeded, so the same data always gives the same interval.
 */
export function bootstrapRatioOfMedians(
  baseline: readonly number[],
  current: readonly number[],
  options: BootstrapOptions = {},
): RatioInterval {
  const resamples = options.resamples ?? 2000;
  const confidence = options.confidence ?? 0.95;
  const rand = mulberry32(options.seed ?? 0x9e3779b9);
  const base = Float64Array.from(baseline);
  const cur = Float64Array.from(current);
  const baseScratch = new Float64Array(base.length);
  const curScratch = new Float64Array(cur.length);
  const ratios = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    ratios[r] = resampleMedian(cur, curScratch, rand) / resampleMedian(base, baseScratch, rand);
  }
  ratios.sort();
  const tail = (1 - confidence) / 2;
  const at = (q: number) => ratios[Math.min(resamples - 1, Math.max(0, Math.round(q * (resamples - 1))))]!;
  const ratio = medianOfSorted(Float64Array.from(current).sort()) / medianOfSorted(Float64Array.from(baseline).sort());
  return { ratio, lo: at(tail), hi: at(1 - tail) };
}
