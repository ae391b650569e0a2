/**
 * The contract between perfgate and a benchmark harness (pytest-benchmark, Go's testing.B, ...).
 * A harness runs many benchmarks per process, each for a time budget, so timing its process as a
 * whole is blind to a slowdown of one benchmark. perfgate instead runs the harness once per round
 * and reads the harness's own per-iteration statistic for every benchmark from its output.
 */

/** Every harness perfgate reads. The config's `"harness"` field takes one of these. */
export const HARNESS_IDS = [
  "pytest-benchmark",
  "go",
  "criterion",
  "libtest",
  "google-benchmark",
  "vitest",
  "tinybench",
  "benchmarkjs",
  "hyperfine",
  "jmh",
  "json",
] as const;
export type HarnessId = (typeof HARNESS_IDS)[number];

/** What a round's command may use. */
export interface RoundContext {
  /**
   * A path (absolute, in a fresh temporary directory) where the harness may write its
   * machine-readable output; it does not exist before the round. Also given to the round's
   * process as the environment variable PERFGATE_HARNESS_OUTPUT.
   */
  outFile: string;
}

/** One benchmark's value from one round: the harness's time per iteration. */
export interface HarnessSample {
  /** The harness's own name for it (`test_median`, `BenchmarkDedup`, `group/fn`). */
  name: string;
  /** Time per iteration in nanoseconds (a throughput is inverted by the adapter); finite, > 0. */
  ns: number;
}

export interface HarnessAdapter {
  id: HarnessId;
  /** The harness as people name it, for messages: "pytest-benchmark", "Go testing.B". */
  title: string;
  /** A typical `run` for the docs and `init`, e.g. "python -m pytest bench/". */
  exampleRun: string;
  /**
   * The shell command of one round: the user's `run` plus the flags that make the harness write
   * machine-readable output (to `ctx.outFile`, shell-quoted, or stdout) and keep a round short
   * (the harness's own time-budget flags). Must not change what is measured.
   */
  roundCommand(run: string, ctx: RoundContext): string;
  /** Where `parse` reads from: the file at `outFile`, or the round's stdout. */
  output: "file" | "stdout";
  /**
   * One sample per benchmark from one round's output. Throws HarnessOutputError when the text is
   * not this harness's output or holds no benchmark (the message says what was expected).
   */
  parse(text: string): HarnessSample[];
  /** What to do when the harness is not installed (the round's command exits 127 or says so). */
  installHint: string;
}

/** A round's output that is not what the adapter reads. */
export class HarnessOutputError extends Error {
  constructor(
    message: string,
    readonly remedy: string,
  ) {
    super(message);
    this.name = "HarnessOutputError";
  }
}

/** Single-quote `text` for /bin/sh (paths and names that reach a shell command go through this). */
export function shellQuote(text: string): string {
  if (/^[\w@%+=:,./-]+$/.test(text)) return text;
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
