/** One benchmark's samples taken in pairs: base[i] and head[i] back to back on the same runner. */
export interface PairedSamples {
  base: number[];
  head: number[];
}

/** Order of a pair by its index: A B, B A, B A, A B, ... (ABBA), so linear drift cancels. */
export function baseFirst(pairIndex: number): boolean {
  const k = pairIndex % 4;
  return k === 0 || k === 3;
}
