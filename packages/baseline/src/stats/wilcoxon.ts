import type { Alternative } from "./mann-whitney.ts";
import { normalUpperTail } from "./normal.ts";

export interface WilcoxonResult {
  /** Sum of the ranks of the positive differences (R's `V`; scipy's statistic for one-sided tests). */
  v: number;
  p: number;
  method: "exact" | "normal";
  /** Differences used, after dropping the zeros. */
  n: number;
  /** Zero differences dropped (R's and scipy's default, zero_method = "wilcox"). */
  zeros: number;
}

/** Exact permutation distribution up to this many non-zero differences; the normal approximation beyond. */
export const WILCOXON_EXACT_MAX_N = 50;

const noTieCache = new Map<number, Float64Array>();

/**
 * Null distribution of V when the ranks (in units of 1/scale) are `weights`:
 * each one counts towards V with probability 1/2, independently. P(V = k/scale)
 * at index k. Halving at each step keeps every entry a multiple of 2^-n, which a
 * double holds exactly for n <= 50, so tails summed from it are exact too.
 */
function signFlipDistribution(weights: ArrayLike<number>): Float64Array {
  let total = 0;
  for (let i = 0; i < weights.length; i++) total += weights[i]!;
  const dist = new Float64Array(total + 1);
  dist[0] = 1;
  let reach = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i]!;
    reach += w;
    // Descending, so dist[s - w] is still the previous step's value.
    for (let s = reach; s >= 0; s--) dist[s] = 0.5 * (dist[s]! + (s >= w ? dist[s - w]! : 0));
  }
  return dist;
}

/** P(V = v), v = 0..n(n+1)/2, for n differences with distinct non-zero magnitudes (ranks 1..n). Cached by n. */
export function exactSignedRankDistribution(n: number): Float64Array {
  const cached = noTieCache.get(n);
  if (cached) return cached;
  const dist = signFlipDistribution(Int32Array.from({ length: n }, (_, i) => i + 1));
  noTieCache.set(n, dist);
  return dist;
}

/**
 * Doubled midranks (so half-ranks are integers) of |d| for the non-zero d, the
 * doubled V, and the tie-group sizes.
 */
function rankMagnitudes(nonZero: readonly number[]): { doubled: Int32Array; doubledV: number; tieSizes: number[] } {
  const order = nonZero.map((_, i) => i).sort((a, b) => Math.abs(nonZero[a]!) - Math.abs(nonZero[b]!));
  const doubled = new Int32Array(nonZero.length);
  const tieSizes: number[] = [];
  let doubledV = 0;
  let i = 0;
  while (i < order.length) {
    const magnitude = Math.abs(nonZero[order[i]!]!);
    let j = i;
    while (j + 1 < order.length && Math.abs(nonZero[order[j + 1]!]!) === magnitude) j++;
    // Positions i..j hold ranks i+1..j+1, whose average doubled is i + j + 2.
    const rank2 = i + j + 2;
    for (let k = i; k <= j; k++) {
      doubled[order[k]!] = rank2;
      if (nonZero[order[k]!]! > 0) doubledV += rank2;
    }
    if (j > i) tieSizes.push(j - i + 1);
    i = j + 1;
  }
  return { doubled, doubledV, tieSizes };
}

function exactP(dist: Float64Array, k: number, alternative: Alternative): number {
  let upper = 0;
  for (let x = k; x < dist.length; x++) upper += dist[x]!;
  if (alternative === "greater") return Math.min(1, upper);
  let lower = 0;
  for (let x = 0; x <= k; x++) lower += dist[x]!;
  if (alternative === "less") return Math.min(1, lower);
  return Math.min(1, 2 * Math.min(upper, lower));
}

/** One-sample / paired Wilcoxon signed-rank test of the differences d (e.g. log(head/base) per pair) against 0. */
export function wilcoxonSignedRank(
  d: readonly number[],
  alternative: "greater" | "less" | "two-sided",
): WilcoxonResult {
  if (alternative !== "greater" && alternative !== "less" && alternative !== "two-sided") {
    throw new RangeError(
      `wilcoxonSignedRank: alternative must be "greater", "less" or "two-sided", not ${alternative}`,
    );
  }
  const nonZero: number[] = [];
  for (let i = 0; i < d.length; i++) {
    const x = d[i]!;
    if (!Number.isFinite(x)) throw new RangeError(`wilcoxonSignedRank: difference ${i} is ${x}, not a finite number`);
    if (x !== 0) nonZero.push(x);
  }
  const n = nonZero.length;
  const zeros = d.length - n;
  if (n === 0) return { v: 0, p: 1, method: "exact", n: 0, zeros }; // nothing but zeros: no evidence either way

  const { doubled, doubledV, tieSizes } = rankMagnitudes(nonZero);
  const v = doubledV / 2;

  if (n <= WILCOXON_EXACT_MAX_N) {
    if (tieSizes.length === 0)
      return { v, p: exactP(exactSignedRankDistribution(n), v, alternative), method: "exact", n, zeros };
    // With ties the ranks are the midranks: the distribution is over these ranks'
    // 2^n sign assignments. Work in whole ranks when every midrank is whole, else in half ranks.
    const allWhole = doubled.every((r) => r % 2 === 0);
    const weights = allWhole ? doubled.map((r) => r / 2) : doubled;
    const k = allWhole ? v : doubledV;
    return { v, p: exactP(signFlipDistribution(weights), k, alternative), method: "exact", n, zeros };
  }

  // Normal approximation with tie and continuity correction, as R's wilcox.test(correct = TRUE).
  const tieTerm = tieSizes.reduce((s, t) => s + (t ** 3 - t), 0);
  const sigma = Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24 - tieTerm / 48);
  const centred = v - (n * (n + 1)) / 4;
  let p: number;
  if (alternative === "greater") p = normalUpperTail((centred - 0.5) / sigma);
  else if (alternative === "less") p = normalUpperTail(-(centred + 0.5) / sigma);
  else {
    const z = (centred - Math.sign(centred) * 0.5) / sigma;
    p = Math.min(1, 2 * normalUpperTail(Math.abs(z)));
  }
  return { v, p, method: "normal", n, zeros };
}
