import { z } from "zod";
import { median } from "../../stats/summary.ts";
import { type HarnessAdapter, HarnessOutputError, type HarnessSample, shellQuote } from "../types.ts";
import { checkShape, type Expectation, readJson } from "./output-text.ts";
import { appendMissingFlags } from "./run-flags.ts";
import { SampleList } from "./sample-list.ts";
import { nsPerUnit } from "./time-units.ts";

const TITLE = "Google Benchmark";

const WANT: Expectation = {
  title: TITLE,
  expected: 'the JSON that `--benchmark_out_format=json` writes ({"context": ..., "benchmarks": [...]})',
  remedy:
    "make `run` the benchmark binary itself (e.g. ./build/my_bench): perfgate appends --benchmark_out and --benchmark_out_format=json to it",
};

// Only the fields perfgate reads; Google Benchmark adds counters and context as it likes.
const Row = z.object({
  name: z.string(),
  run_name: z.string().optional(),
  run_type: z.string().optional(),
  aggregate_name: z.string().optional(),
  repetition_index: z.number().optional(),
  real_time: z.number().optional(),
  time_unit: z.string().optional(),
  error_occurred: z.boolean().optional(),
  error_message: z.string().optional(),
  skipped: z.boolean().optional(),
});
const Doc = z.object({ context: z.object({}), benchmarks: z.array(Row) });
type Row = z.infer<typeof Row>;

interface Runs {
  /** ns per iteration of each repetition, by repetition index. */
  repetitions: Map<number, number>;
  /** The harness's own aggregates, for output written with --benchmark_report_aggregates_only. */
  aggregates: Map<string, number>;
}

function nsOf(row: Row, name: string): number {
  if (row.real_time === undefined)
    throw new HarnessOutputError(
      `${TITLE} benchmark "${name}" has no real_time`,
      "write the output with --benchmark_out_format=json, which always includes real_time",
    );
  return row.real_time * nsPerUnit(row.time_unit ?? "ns", TITLE, name);
}

/** The benchmark a row belongs to: run_name (1.5+), else the aggregate row's name less its suffix. */
function benchmarkOf(row: Row): string {
  if (row.run_name !== undefined) return row.run_name;
  const suffix = `_${row.aggregate_name}`;
  const aggregate = row.run_type === "aggregate" && row.aggregate_name !== undefined && row.name.endsWith(suffix);
  return aggregate ? row.name.slice(0, -suffix.length) : row.name;
}

function collect(rows: Row[]): Map<string, Runs> {
  const byName = new Map<string, Runs>();
  for (const row of rows) {
    const name = benchmarkOf(row);
    if (row.error_occurred)
      throw new HarnessOutputError(
        `${TITLE} benchmark "${name}" reported an error: ${row.error_message ?? "(no message)"}`,
        "fix the benchmark; perfgate never counts a failed run as a timing",
      );
    // SkipWithMessage (1.8+): the benchmark chose not to run here; it has no time to read.
    if (row.skipped) continue;
    const aggregate = row.run_type === "aggregate";
    // stddev is a spread, cv a percentage, BigO/RMS a complexity fit of a whole family (with no
    // time at all): of the aggregates only the median and mean are times per iteration.
    if (aggregate && row.aggregate_name !== "median" && row.aggregate_name !== "mean") continue;
    const runs = byName.get(name) ?? { repetitions: new Map(), aggregates: new Map() };
    byName.set(name, runs);
    if (aggregate) {
      runs.aggregates.set(row.aggregate_name!, nsOf(row, name));
      continue;
    }
    const index = row.repetition_index ?? 0;
    if (runs.repetitions.has(index))
      throw new HarnessOutputError(
        `${TITLE} output has two benchmarks named "${name}"${row.repetition_index === undefined ? "" : ` (repetition ${index} twice)`}`,
        "register each benchmark under a distinct name; perfgate matches benchmarks across rounds by name",
      );
    runs.repetitions.set(index, nsOf(row, name));
  }
  return byName;
}

/**
 * The statistic is real_time (wall time per iteration, the "Time" column Google Benchmark prints).
 * With --benchmark_repetitions the round's value is the median over the repetitions, which one
 * disturbed repetition cannot move; output with aggregates only gives its own median (or mean).
 */
function parse(text: string): HarnessSample[] {
  const doc = checkShape(Doc, readJson(text, WANT), WANT);
  const samples = new SampleList(TITLE);
  for (const [name, runs] of collect(doc.benchmarks)) {
    if (runs.repetitions.size > 0) samples.add(name, median([...runs.repetitions.values()]), "a real_time");
    else {
      // Only median and mean aggregates make an entry, so one of them is here.
      const which = runs.aggregates.has("median") ? "median" : "mean";
      samples.add(name, runs.aggregates.get(which)!, `a ${which} real_time`);
    }
  }
  return samples.list(
    "holds no benchmark that ran (the benchmarks list is empty or every one was skipped)",
    "check that --benchmark_filter in `run` matches benchmarks and that the binary registers some",
  );
}

export const googleBenchmarkAdapter: HarnessAdapter = {
  id: "google-benchmark",
  title: TITLE,
  exampleRun: "./build/my_benchmark",
  roundCommand(run, ctx) {
    // A plain number of seconds: 1.7 and older reject the "0.1s" form, 1.8+ read both.
    const bounded = appendMissingFlags(run, [["--benchmark_min_time", "0.1"]], "=");
    return `${bounded} --benchmark_out=${shellQuote(ctx.outFile)} --benchmark_out_format=json`;
  },
  output: "file",
  parse,
  installHint:
    "build the benchmark against Google Benchmark (Debian/Ubuntu: apt-get install libbenchmark-dev, link with -lbenchmark -lpthread; or CMake's FetchContent/find_package(benchmark)) and make `run` the built binary",
};
