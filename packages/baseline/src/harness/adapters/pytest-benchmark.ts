import { z } from "zod";
import { type HarnessAdapter, type HarnessSample, shellQuote } from "../types.ts";
import { checkedSamples, readJsonOutput } from "./checked-samples.ts";

const TITLE = "pytest-benchmark";

// Only what perfgate reads; pytest-benchmark writes much more (machine_info, commit_info, ...).
const ReportSchema = z.object({
  benchmarks: z.array(
    z.object({
      name: z.string(),
      fullname: z.string(),
      // pytest-benchmark's stats are per iteration already (a round's time / its iterations).
      stats: z.object({ median: z.number() }),
    }),
  ),
});

export const pytestBenchmarkAdapter: HarnessAdapter = {
  id: "pytest-benchmark",
  title: TITLE,
  exampleRun: "python -m pytest bench/",
  output: "file",
  installHint: "install it into the environment `run` uses: `python -m pip install pytest-benchmark`",

  /*
   * --benchmark-only: a round runs benchmarks, not the unit tests beside them.
   * --benchmark-enable: overrides a `--benchmark-disable` in the project's pytest addopts
   *   (common, so plain test runs stay fast), which --benchmark-only would refuse.
   * --benchmark-max-time=0.2 / --benchmark-min-rounds=5: a short bounded round per benchmark
   *   (pytest-benchmark's defaults are 1 s and 5 rounds); perfgate gets its confidence from
   *   many rounds, not from one long one.
   * No --benchmark-disable-gc: a change that makes more garbage is slower for real, and the
   *   garbage collector's time is part of what users feel.
   */
  roundCommand(run, ctx) {
    return [
      run,
      "--benchmark-only",
      "--benchmark-enable",
      `--benchmark-json=${shellQuote(ctx.outFile)}`,
      "--benchmark-max-time=0.2",
      "--benchmark-min-rounds=5",
    ].join(" ");
  },

  /*
   * The median of the round's timings: robust to the garbage-collection pauses and scheduler
   * hiccups that pytest-benchmark's rounds often show (its max is often 100x its median), where
   * the mean moves with every outlier and the min rewards luck.
   */
  parse(text) {
    const report = readJsonOutput(
      text,
      ReportSchema,
      "pytest-benchmark's --benchmark-json report",
      "run pytest with the pytest-benchmark plugin installed, and let perfgate add --benchmark-json (do not redirect it)",
    );
    // Two tests of the same name in different files: those two are named by their full node id.
    const count = new Map<string, number>();
    for (const b of report.benchmarks) count.set(b.name, (count.get(b.name) ?? 0) + 1);
    const samples: HarnessSample[] = report.benchmarks.map((b) => ({
      name: count.get(b.name)! > 1 ? b.fullname : b.name,
      ns: b.stats.median * 1e9,
    }));
    return checkedSamples(
      samples,
      TITLE,
      "make `run` collect tests that use the `benchmark` fixture (e.g. `python -m pytest bench/`); with pytest-xdist (`-n`) pytest-benchmark disables itself, so drop `-n`",
    );
  },
};
