import { type HarnessAdapter, HarnessOutputError } from "../types.ts";
import { bencherSamples } from "./bencher-lines.ts";
import { checkedSamples, excerpt } from "./checked-samples.ts";
import { passesFlag, shellWords } from "./shell-words.ts";

const TITLE = "criterion";

/*
 * Criterion's options for one round. Its clap parser refuses an option given twice, so one the
 * run already passes is left to the run.
 * --output-format bencher: one `test <id> ... bench: N ns/iter` line per benchmark on stdout.
 * --warm-up-time 0.1 / --measurement-time 0.2 / --sample-size 10 (criterion's minimum): a round
 *   of about 0.3 s per benchmark instead of criterion's 3 s + 5 s; perfgate repeats rounds.
 *   A group that sets its own times in code keeps them (criterion lets code override the CLI).
 * --nresamples 1000: the bootstrap only feeds confidence intervals perfgate does not read; the
 *   median is a point estimate of the samples, unchanged.
 * --noplot, --discard-baseline: no plots, and nothing saved under target/criterion between
 *   rounds, so one tree's round never compares itself with the other tree's.
 */
const ROUND_OPTIONS: readonly (readonly [flag: string, value?: string])[] = [
  ["--output-format", "bencher"],
  ["--warm-up-time", "0.1"],
  ["--measurement-time", "0.2"],
  ["--sample-size", "10"],
  ["--nresamples", "1000"],
  ["--noplot"],
  ["--discard-baseline"],
];

export const criterionAdapter: HarnessAdapter = {
  id: "criterion",
  title: TITLE,
  exampleRun: "cargo bench --bench '*'",
  output: "stdout",
  installHint:
    "add criterion to the crate (`cargo add --dev criterion`) with a `[[bench]]` target that has `harness = false`; install Rust with rustup",

  /*
   * Cargo hands everything after `--` to every benchmark binary it runs, and libtest harnesses
   * (the library's own, and #[bench] targets) reject criterion's options with "Unrecognized
   * option". So `run` must select criterion targets only: `cargo bench --bench '*'` (bench
   * targets, not the library) or `[lib] bench = false` in Cargo.toml. A run that already has
   * `--` (a filter) gets the options after its own.
   */
  roundCommand(run) {
    const options = ROUND_OPTIONS.filter(([flag]) => !passesFlag(run, [flag]))
      .map(([flag, value]) => (value === undefined ? flag : `${flag} ${value}`))
      .join(" ");
    const separator = shellWords(run).includes("--") ? "" : " --";
    return `${run}${separator} ${options}`;
  },

  /*
   * The bencher line's value is criterion's median of the round's samples (each sample a batch's
   * time / its iterations), in whole nanoseconds: robust to outlier batches. Whole ns are coarse
   * below ~100 ns per iteration; such benchmarks should do more work per iteration.
   */
  parse(text) {
    const samples = bencherSamples(text, TITLE);
    if (samples.length === 0) {
      const ownFormat = /^\S.*\s+time:\s+\[/m.test(text) || /^\s+time:\s+\[/m.test(text);
      throw new HarnessOutputError(
        ownFormat
          ? "criterion printed its own report (`time: [...]`), not the bencher lines perfgate reads; the --output-format bencher option did not reach it"
          : `expected criterion's bencher lines ("test <id> ... bench: 1,234 ns/iter (+/- 5)"), but found none in the ${excerpt(text)}`,
        "make `run` a plain `cargo bench` of criterion targets (e.g. `cargo bench --bench '*'`) that passes arguments after `--` to them, and check it selects benchmarks",
      );
    }
    return checkedSamples(samples, TITLE, "");
  },
};
