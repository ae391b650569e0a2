import { z } from "zod";
import { type HarnessAdapter, HarnessOutputError, type HarnessSample, shellQuote } from "../types.ts";
import { checkedSamples, readJsonOutput } from "./checked-samples.ts";
import { passesFlag } from "./shell-words.ts";

const TITLE = "hyperfine";

const ExportSchema = z.object({
  results: z.array(
    z.object({
      // The command's name: its `-n/--command-name` if given, else the command line.
      command: z.string(),
      // Seconds, one per timed run (hyperfine >= 1.9); `median` is there from 1.10 on.
      times: z.array(z.number()).optional(),
      median: z.number().optional(),
      exit_codes: z.array(z.number().nullable()).optional(),
    }),
  ),
});

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export const hyperfineAdapter: HarnessAdapter = {
  id: "hyperfine",
  title: TITLE,
  exampleRun: "hyperfine -N -n parse './target/release/tool parse data.txt'",
  output: "file",
  installHint: "install hyperfine: `apt-get install hyperfine`, `brew install hyperfine` or `cargo install hyperfine`",

  /*
   * --export-json: every run's time, per command, to the round's file.
   * --warmup 1: one untimed run first, so a round does not time the cold cache the other tree's
   *   round left behind.
   * --min-runs 3 --max-runs 5: a short round (hyperfine fits runs into ~3 s, at least 10, by
   *   default); perfgate repeats rounds.
   * hyperfine refuses an option given twice and `--runs` beside `--min-runs`, so run counts or a
   * warm-up the run already sets are the run's.
   */
  roundCommand(run, ctx) {
    const parts = [run, `--export-json ${shellQuote(ctx.outFile)}`];
    if (!passesFlag(run, ["-w", "--warmup"])) parts.push("--warmup 1");
    if (!passesFlag(run, ["-r", "--runs", "-m", "--min-runs", "-M", "--max-runs"]))
      parts.push("--min-runs 3 --max-runs 5");
    return parts.join(" ");
  },

  /*
   * The median of a command's run times: a whole process's time has a long right tail
   * (scheduling, page cache), which moves the mean but not the median.
   */
  parse(text) {
    const doc = readJsonOutput(
      text,
      ExportSchema,
      "hyperfine's --export-json file",
      "make `run` a hyperfine command and let perfgate add --export-json (do not pass your own)",
    );
    const samples: HarnessSample[] = doc.results.map((r) => {
      const failed = (r.exit_codes ?? []).filter((c) => c !== 0);
      if (failed.length > 0) {
        throw new HarnessOutputError(
          `hyperfine's command "${r.command}" failed in ${failed.length} run(s) (exit codes ${[...new Set(failed)].join(", ")})`,
          "fix the command (or drop --ignore-failure): perfgate never times a failed run",
        );
      }
      const seconds = r.times && r.times.length > 0 ? median(r.times) : r.median;
      if (seconds === undefined) {
        throw new HarnessOutputError(
          `hyperfine's result for "${r.command}" has neither "times" nor "median"`,
          "use hyperfine 1.10 or newer",
        );
      }
      if (seconds === 0) {
        throw new HarnessOutputError(
          `hyperfine measured 0 s for "${r.command}": the command runs faster than the shell start-up time hyperfine subtracts`,
          "run it without a shell (`hyperfine -N ...`) or give the command more work per run",
        );
      }
      return { name: r.command, ns: seconds * 1e9 };
    });
    return checkedSamples(samples, TITLE, "give hyperfine at least one command to time in `run`");
  },
};
