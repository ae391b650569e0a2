import { z } from "zod";
import { type HarnessAdapter, HarnessOutputError, type HarnessSample } from "../types.ts";
import { checkedSamples, NS_PER_UNIT, readJsonOutput } from "./checked-samples.ts";

const TITLE = "perfgate JSON";

/** Units a `value` may be in: a time per iteration, or a throughput (`ops/s`) perfgate inverts. */
export const JSON_UNITS = ["ns", "us", "ms", "s", "ops/s"] as const;

/**
 * perfgate's generic harness format (docs/harnesses.md, "json"):
 * `{"benchmarks": [{"name": "parse/small", "value": 1234.5, "unit": "ns"}, ...]}`.
 * Other keys, at the top and in each entry, are allowed and ignored, so a tool can add its own.
 */
const DocumentSchema = z.object({
  benchmarks: z.array(
    z.object({
      name: z.string(),
      value: z.number(),
      unit: z.enum(JSON_UNITS),
    }),
  ),
});

function nanoseconds(value: number, unit: (typeof JSON_UNITS)[number]): number {
  return unit === "ops/s" ? 1e9 / value : value * NS_PER_UNIT[unit];
}

export const jsonAdapter: HarnessAdapter = {
  id: "json",
  title: TITLE,
  exampleRun: "node bench/run.mjs",
  output: "file",
  installHint: "the `run` command itself writes the JSON: check that the program it starts is installed",

  /**
   * The run as it is: the command writes its JSON to the path in the environment variable
   * PERFGATE_HARNESS_OUTPUT (a tool that prints it can be redirected there:
   * `my-bench > "$PERFGATE_HARNESS_OUTPUT"`). Keeping a round short is the command's own job.
   */
  roundCommand(run) {
    return run;
  },

  parse(text) {
    const doc = readJsonOutput(
      text,
      DocumentSchema,
      `perfgate's harness JSON ({"benchmarks":[{"name":"...","value":1.5,"unit":"${JSON_UNITS.join('"|"')}"}]})`,
      "make `run` write that JSON to the file named by $PERFGATE_HARNESS_OUTPUT (see docs/harnesses.md)",
    );
    const samples: HarnessSample[] = doc.benchmarks.map((b) => {
      if (!(Number.isFinite(b.value) && b.value > 0)) {
        throw new HarnessOutputError(
          `benchmark "${b.name}" has value ${b.value} ${b.unit}; expected a number above zero`,
          "write each benchmark's measured time per iteration (or throughput), which is never zero or negative",
        );
      }
      return { name: b.name, ns: nanoseconds(b.value, b.unit) };
    });
    return checkedSamples(samples, TITLE, 'list at least one benchmark in "benchmarks"');
  },
};
