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

/** A run of equal values in the pooled sorted data: its size and how many came from the first sample. */
interface TieGroup {
  size: number;
  fromFirst: number;
}

/**
 * Rank sum of `a` (midranks, 1-based) and the pooled groups of equal values, from the two samples
 * sorted separately and merged: two typed-array sorts and one linear pass, O(n log n) in all.
 */
function rankByMerge(a: readonly number[], b: readonly number[]): { rankSumA: number; groups: TieGroup[] } {
  const sa = Float64Array.from(a).sort();
  const sb = Float64Array.from(b).sort();
  const groups: TieGroup[] = [];
  let i = 0;
  let j = 0;
  let placed = 0;
  let rankSumA = 0;
  while (i < sa.length || j < sb.length) {
    const v = j >= sb.length || (i < sa.length && sa[i]! <= sb[j]!) ? sa[i]! : sb[j]!;
    let fromFirst = 0;
    let fromSecond = 0;
    while (i < sa.length && sa[i] === v) {
      i++;
      fromFirst++;
    }
    while (j < sb.length && sb[j] === v) {
      j++;
      fromSecond++;
    }
    const size = fromFirst + fromSecond;
    rankSumA += fromFirst * (placed + (size + 1) / 2);
    placed += size;
    groups.push({ size, fromFirst });
  }
  return { rankSumA, groups };
}

function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}

/**
 * Exact permutation distribution of 2U given the tie groups (sizes in pooled order): every way to
 * pick which m of the N values are the first sample's is equally likely, and U counts one for each
 * (first, second) pair with first > second, one half for a tie. Dynamic programming over the
 * groups: putting x of a group of t into the first sample after X first-sample values (so T - X
 * second-sample values are below) adds 2x(T - X) + x(t - x) to 2U, in C(t, x) ways.
 * Returns the probability of each 2U = 0..2mn.
 */
export function exactTiedUDistribution(sizes: readonly number[], m: number): Float64Array {
  const total = sizes.reduce((s, t) => s + t, 0);
  const n = total - m;
  const width = 2 * m * n + 1;
  // ways[X][u2]: ways to have placed X first-sample values so far with 2U = u2
  let ways: Float64Array[] = [Float64Array.from({ length: width }, (_, u) => (u === 0 ? 1 : 0))];
  let below = 0; // values placed before this group
  for (const t of sizes) {
    const next: Float64Array[] = [];
    for (let X = 0; X < ways.length; X++) {
      const row = ways[X]!;
      const secondBelow = below - X;
      if (secondBelow < 0 || secondBelow > n) continue;
      for (let x = 0; x <= t && X + x <= m; x++) {
        if (t - x > n - secondBelow) continue; // not enough second-sample values left
        const w = binomial(t, x);
        const shift = 2 * x * secondBelow + x * (t - x);
        const target = next[X + x] ?? new Float64Array(width);
        next[X + x] = target;
        for (let u = 0; u + shift < width; u++) if (row[u]! !== 0) target[u + shift]! += w * row[u]!;
      }
    }
    for (let X = 0; X < next.length; X++) next[X] ??= new Float64Array(width);
    ways = next;
    below += t;
  }
  const dist = ways[m] ?? new Float64Array(width);
  let sum = 0;
  for (const v of dist) sum += v;
  return dist.map((v) => v / sum);
}

export interface MannWhitneyOptions {
  /** Force the normal approximation (the exact one is used for sizes up to EXACT_MAX_N otherwise). */
  method?: "exact" | "normal";
}

/**
 * Mann-Whitney U test (Wilcoxon rank-sum). `greater` tests whether `a` is
 * stochastically greater than `b` (for timings: a is slower).
 * Exact p-values for sizes up to EXACT_MAX_N a side: the classic distribution without ties, the
 * permutation distribution given the ties with them (many timings repeat at coarse timer
 * resolution, where the normal approximation rejects far too often). Larger samples: the normal
 * approximation with tie and continuity correction (as R's wilcox.test).
 */
export function mannWhitneyU(
  a: readonly number[],
  b: readonly number[],
  alternative: Alternative = "two-sided",
  options: MannWhitneyOptions = {},
): MannWhitneyResult {
  const m = a.length;
  const n = b.length;
  if (m === 0 || n === 0) throw new RangeError("mannWhitneyU needs at least one value in each sample");
  const { rankSumA, groups } = rankByMerge(a, b);
  const u = rankSumA - (m * (m + 1)) / 2;
  const tieSizes = groups.filter((g) => g.size > 1).map((g) => g.size);

  if (options.method !== "normal" && m <= EXACT_MAX_N && n <= EXACT_MAX_N) {
    // Indexed by 2U so half-integer U (ties) stays an exact array index.
    const tied = tieSizes.length > 0;
    const dist = tied
      ? exactTiedUDistribution(
          groups.map((g) => g.size),
          m,
        )
      : exactUDistribution(m, n);
    const scale = tied ? 2 : 1;
    const at = Math.round(u * scale);
    const upper = () => {
      let s = 0;
      for (let x = Math.max(0, at); x < dist.length; x++) s += dist[x]!;
      return Math.min(1, s);
    };
    const lower = () => {
      let s = 0;
      for (let x = 0; x <= Math.min(dist.length - 1, at); x++) s += dist[x]!;
      return Math.min(1, s);
    };
    let p: number;
    if (alternative === "greater") p = upper();
    else if (alternative === "less") p = lower();
    else p = Math.min(1, 2 * (u > (m * n) / 2 ? upper() : lower()));
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
