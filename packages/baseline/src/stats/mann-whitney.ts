import { normalUpperTail } from "./normal.ts";

export type Alternative = "greater" | "less" | "two-sided";

export interface MannWhitneyResult {
  /** U of the first sample: pairs (a_i, b_j) with a_i > b_j, ties counting one half. */
  u: number;
  p: number;
  method: "exact" | "normal";
}

/** Exact distribution is used up to this size per side when there are no ties (as R does). */
export const EXACT_MAX_N = 50;

const exactCache = new Map<string, Float64Array>();

/**
 * Null distribution of U for sample sizes m and n: P(U = u), u = 0..m*n.
 * Recurrence on the largest pooled value: it belongs to the first sample with
 * probability m/(m+n) and then beats all n values of the second sample.
 * Works in probabilities (not counts) so nothing overflows and every step is a
 * sum of non-negative terms.
 */
export function exactUDistribution(m: number, n: number): Float64Array {
  const key = `${m},${n}`;
  const cached = exactCache.get(key);
  if (cached) return cached;
  // prev[j] holds the distribution for (i-1, j); cur[j] for (i, j).
  let prev: Float64Array[] = [];
  for (let j = 0; j <= n; j++) prev.push(Float64Array.of(1)); // i = 0: U is always 0
  for (let i = 1; i <= m; i++) {
    const cur: Float64Array[] = [Float64Array.of(1)]; // j = 0: U is always 0
    for (let j = 1; j <= n; j++) {
      const dist = new Float64Array(i * j + 1);
      const fromFirst = prev[j]!; // (i-1, j), shifted by j
      const fromSecond = cur[j - 1]!; // (i, j-1)
      const wFirst = i / (i + j);
      const wSecond = j / (i + j);
      for (let u = 0; u < fromFirst.length; u++) dist[u + j]! += wFirst * fromFirst[u]!;
      for (let u = 0; u < fromSecond.length; u++) dist[u]! += wSecond * fromSecond[u]!;
      cur.push(dist);
    }
    prev = cur;
  }
  const result = prev[n]!;
  exactCache.set(key, result);
  return result;
}

/** Midranks (1-based) of the pooled values, plus the tie-group sizes. */
function rankPooled(values: readonly number[]): { ranks: Float64Array; tieSizes: number[] } {
  const order = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const ranks = new Float64Array(values.length);
  const tieSizes: number[] = [];
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j + 1 < order.length && values[order[j + 1]!] === values[order[i]!]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]!] = rank;
    if (j > i) tieSizes.push(j - i + 1);
    i = j + 1;
  }
  return { ranks, tieSizes };
}

/**
 * Mann-Whitney U test (Wilcoxon rank-sum). `greater` tests whether `a` is
 * stochastically greater than `b` (for timings: a is slower).
 * Exact p-value without ties for sizes up to EXACT_MAX_N; otherwise the normal
 * approximation with tie and continuity correction (as R's wilcox.test).
 */
export function mannWhitneyU(
  a: readonly number[],
  b: readonly number[],
  alternative: Alternative = "two-sided",
): MannWhitneyResult {
  const m = a.length;
  const n = b.length;
  if (m === 0 || n === 0) throw new RangeError("mannWhitneyU needs at least one value in each sample");
  const { ranks, tieSizes } = rankPooled([...a, ...b]);
  let rankSumA = 0;
  for (let i = 0; i < m; i++) rankSumA += ranks[i]!;
  const u = rankSumA - (m * (m + 1)) / 2;

  if (tieSizes.length === 0 && m <= EXACT_MAX_N && n <= EXACT_MAX_N) {
    const dist = exactUDistribution(m, n);
    const upper = (k: number) => {
      let s = 0;
      for (let x = Math.max(0, Math.ceil(k)); x < dist.length; x++) s += dist[x]!;
      return Math.min(1, s);
    };
    const lower = (k: number) => {
      let s = 0;
      for (let x = 0; x <= Math.min(dist.length - 1, Math.floor(k)); x++) s += dist[x]!;
      return Math.min(1, s);
    };
    let p: number;
    if (alternative === "greater") p = upper(u);
    else if (alternative === "less") p = lower(u);
    else p = Math.min(1, 2 * (u > (m * n) / 2 ? upper(u) : lower(u)));
    return { u, p, method: "exact" };
  }

  const total = m + n;
  const tieTerm = tieSizes.reduce((s, t) => s + (t ** 3 - t), 0);
  const sigma = Math.sqrt(((m * n) / 12) * (total + 1 - tieTerm / (total * (total - 1))));
  const mu = (m * n) / 2;
  if (sigma === 0) return { u, p: 1, method: "normal" }; // every value identical: no evidence either way
  const d = u - mu;
  let p: number;
  if (alternative === "greater") p = normalUpperTail((d - 0.5) / sigma);
  else if (alternative === "less") p = 1 - normalUpperTail((d + 0.5) / sigma);
  else {
    const z = (d - Math.sign(d) * 0.5) / sigma;
    p = Math.min(1, 2 * Math.min(normalUpperTail(z), 1 - normalUpperTail(z)));
  }
  return { u, p, method: "normal" };
}
