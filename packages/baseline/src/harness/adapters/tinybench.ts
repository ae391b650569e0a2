import { z } from "zod";
import { type HarnessAdapter, HarnessOutputError, type HarnessSample } from "../types.ts";
import { checkShape, type Expectation, excerpt, readJson } from "./output-text.ts";
import { SampleList } from "./sample-list.ts";

const TITLE = "tinybench";

/** The line a tinybench script ends with so perfgate can read it (docs/harnesses-b.md). */
export const TINYBENCH_OUTPUT_LINE =
  "if (process.env.PERFGATE_HARNESS_OUTPUT) writeFileSync(process.env.PERFGATE_HARNESS_OUTPUT, JSON.stringify(bench.table()));";

const WANT: Expectation = {
  title: TITLE,
  expected:
    "the JSON of tinybench's bench.table() (an array with one row per task), written to $PERFGATE_HARNESS_OUTPUT",
  remedy: `after \`await bench.run()\`, end the script with: ${TINYBENCH_OUTPUT_LINE}`,
};

// tinybench 3 and later: "Latency med (ns)" is "1122.0 ± 0.00" (value ± median absolute deviation).
// tinybench 2: "Average Time (ns)" is a number, the only time in its table.
const Row = z
  .object({
    "Task name": z.string().optional(),
    "Task Name": z.string().optional(),
    "Latency med (ns)": z.string().optional(),
    "Average Time (ns)": z.union([z.number(), z.string()]).optional(),
    Error: z.unknown().optional(),
    Remarks: z.unknown().optional(),
  })
  .nullable();
const Table = z.array(Row);
type Row = z.infer<typeof Row>;

/** The leading number of a cell such as "1122.0 ± 0.00" ("+∞", "NaN" and "N/A" read as NaN). */
function leadingNumber(cell: string): number {
  const head = cell.trim().split(/\s/)[0] ?? "";
  return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(head) ? Number(head) : Number.NaN;
}

function rowSample(row: NonNullable<Row>, index: number): { name: string; ns: number; field: string; shown: string } {
  const name = row["Task name"] ?? row["Task Name"];
  if (name === undefined)
    throw new HarnessOutputError(
      `${TITLE} table row ${index} has no "Task name" column; expected the rows of bench.table() without a custom converter, saw ${excerpt(JSON.stringify(row))}`,
      WANT.remedy,
    );
  if (row.Error !== undefined)
    throw new HarnessOutputError(
      `${TITLE} task "${name}" failed: ${String(row.Error).slice(0, 300)}`,
      "fix the task that throws; perfgate never counts a failed run as a timing",
    );
  const med = row["Latency med (ns)"];
  if (med !== undefined) {
    const ns = leadingNumber(med);
    if (Number.isNaN(ns) && row.Remarks !== undefined)
      throw new HarnessOutputError(
        `${TITLE} task "${name}" has no result (${String(row.Remarks)})`,
        "let every task run to completion (no abort signal, no early exit) before writing bench.table()",
      );
    return { name, ns, field: 'a "Latency med (ns)"', shown: JSON.stringify(med) };
  }
  const avg = row["Average Time (ns)"];
  if (avg !== undefined)
    return {
      name,
      ns: typeof avg === "number" ? avg : leadingNumber(avg),
      field: 'an "Average Time (ns)"',
      shown: JSON.stringify(avg),
    };
  throw new HarnessOutputError(
    `${TITLE} task "${name}" has no "Latency med (ns)" (tinybench 3+) or "Average Time (ns)" (tinybench 2) column; saw ${excerpt(JSON.stringify(row))}`,
    `call bench.table() without a converter argument; ${WANT.remedy}`,
  );
}

/**
 * The statistic is tinybench's median latency ("Latency med (ns)", tinybench 3 and later): its
 * samples are single calls, and the median ignores the few that a GC pause stretched, unlike the
 * mean. tinybench 2's table has only the mean ("Average Time (ns)"), read there.
 */
function parse(text: string): HarnessSample[] {
  const rows = checkShape(Table, readJson(text, WANT), WANT);
  const samples = new SampleList(TITLE);
  rows.forEach((row, index) => {
    if (row === null)
      throw new HarnessOutputError(
        `${TITLE} table row ${index} is null: that task has no result`,
        "await bench.run() before writing bench.table(), and keep every task you add",
      );
    const { name, ns, field, shown } = rowSample(row, index);
    samples.add(name, ns, field, shown);
  });
  return samples.list(
    "holds no task (bench.table() was an empty array)",
    "add tasks with bench.add() before bench.run()",
  );
}

export const tinybenchAdapter: HarnessAdapter = {
  id: "tinybench",
  title: TITLE,
  exampleRun: "node bench/index.mjs",
  // tinybench has no command line: the script itself writes its table (see TINYBENCH_OUTPUT_LINE),
  // and its own `time` option bounds the round.
  roundCommand: (run) => run,
  output: "file",
  parse,
  installHint: `install tinybench (npm install --save-dev tinybench) and end the benchmark script with: ${TINYBENCH_OUTPUT_LINE}`,
};
