/**
 * The last `limit` bytes of a stream, and how much was dropped before them. A benchmark that
 * writes hundreds of MB must not grow perfgate's memory, nor turn an error into a 100 MB line.
 */
export interface OutputTail {
  push(chunk: Buffer): void;
  /** The last `lines` lines (each cut to 300 characters), with a note when earlier output was cut. */
  describe(lines?: number): string;
  /** Bytes seen in total. */
  readonly total: number;
}

export const DEFAULT_TAIL_BYTES = 16 * 1024;
const MAX_LINE = 300;

export function outputTail(limit = DEFAULT_TAIL_BYTES): OutputTail {
  let chunks: Buffer[] = [];
  let kept = 0;
  let total = 0;
  const tail = () => {
    const all = Buffer.concat(chunks);
    return all.subarray(Math.max(0, all.length - limit));
  };
  return {
    push(chunk) {
      total += chunk.length;
      chunks.push(chunk);
      kept += chunk.length;
      if (kept > limit * 2) {
        chunks = [Buffer.from(tail())];
        kept = chunks[0]!.length;
      }
    },
    describe(lines = 5) {
      const kept = tail();
      const shown = kept
        .toString("utf8")
        .trim()
        .split("\n")
        .slice(-lines)
        .map((l) => (l.length > MAX_LINE ? `${l.slice(0, MAX_LINE)}… (${l.length} characters)` : l))
        .join("\n");
      const dropped = total - kept.length;
      return dropped > 0 && shown
        ? `${shown}\n(output cut: ${formatBytes(total)} in all, only the end is shown)`
        : shown;
    },
    get total() {
      return total;
    },
  };
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}
