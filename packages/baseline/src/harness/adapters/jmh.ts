import { z } from "zod";
import { type HarnessAdapter, HarnessOutputError, type HarnessSample, shellQuote } from "../types.ts";
import { checkShape, type Expectation, readJson } from "./output-text.ts";
import { appendMissingFlags } from "./run-flags.ts";
import { SampleList } from "./sample-list.ts";
import { isTimeUnit, nsPerUnit } from "./time-units.ts";

const TITLE = "JMH";

const WANT: Expectation = {
  title: TITLE,
  expected: 'the JSON that JMH writes with -rf json (an array of {"benchmark", "mode", "params", "primaryMetric"})',
  remedy:
    "make `run` the JMH launcher (e.g. java -jar target/benchmarks.jar) without -rf/-rff: perfgate appends -rf json -rff <file>",
};

// JMH writes a NaN or infinite score as a string ("NaN", "+INF").
const Result = z.object({
  benchmark: z.string(),
  mode: z.string(),
  params: z.record(z.string(), z.string()).optional(),
  primaryMetric: z.object({ score: z.union([z.number(), z.string()]), scoreUnit: z.string() }),
});
const Doc = z.array(Result);
type Result = z.infer<typeof Result>;

/** Nanoseconds per operation from a score in `unit`: time per op ("us/op") or ops per time ("ops/s"). */
function toNs(score: number, unit: string, name: string): number {
  const perOp = /^(\w+)\/op$/.exec(unit);
  if (perOp && isTimeUnit(perOp[1]!)) return score * nsPerUnit(perOp[1]!, TITLE, name);
  const opsPer = /^ops\/(\w+)$/.exec(unit);
  if (opsPer && isTimeUnit(opsPer[1]!)) return nsPerUnit(opsPer[1]!, TITLE, name) / score;
  throw new HarnessOutputError(
    `${TITLE} benchmark "${name}" has a score in ${JSON.stringify(unit)}, neither time per operation (ns/op) nor operations per time (ops/s)`,
    "measure time or throughput (modes avgt, sample, ss or thrpt); perfgate reads the primary metric only",
  );
}

/**
 * Names are JMH's benchmark (package.Class.method), then its parameters (`:size=256,kind=a`);
 * the mode is added (`:thrpt`) only when one benchmark ran in several modes, so names stay as
 * short as they can be told apart.
 */
function names(results: Result[]): string[] {
  const base = results.map((r) => {
    const params = Object.entries(r.params ?? {}).map(([k, v]) => `${k}=${v}`);
    return params.length > 0 ? `${r.benchmark}:${params.join(",")}` : r.benchmark;
  });
  const modes = new Map<string, Set<string>>();
  base.forEach((b, i) => {
    modes.set(b, (modes.get(b) ?? new Set()).add(results[i]!.mode));
  });
  return base.map((b, i) => (modes.get(b)!.size > 1 ? `${b}:${results[i]!.mode}` : b));
}

/**
 * The statistic is the primary metric's score, the figure JMH prints and people quote: the mean
 * over the measurement iterations (avgt, ss, sample) or the mean throughput (thrpt, inverted here
 * to time per operation).
 */
function parse(text: string): HarnessSample[] {
  const results = checkShape(Doc, readJson(text, WANT), WANT);
  const samples = new SampleList(TITLE);
  names(results).forEach((name, i) => {
    const { score, scoreUnit } = results[i]!.primaryMetric;
    const value = typeof score === "number" ? score : Number.NaN;
    samples.add(name, toNs(value, scoreUnit, name), "a score", `${JSON.stringify(score)} ${scoreUnit}`);
  });
  return samples.list(
    "holds no benchmark result (an empty array)",
    "check the benchmark regex in `run` and that the jar was built with the JMH annotation processor",
  );
}

export const jmhAdapter: HarnessAdapter = {
  id: "jmh",
  title: TITLE,
  exampleRun: "java -jar target/benchmarks.jar",
  roundCommand(run, ctx) {
    // One fork and short iterations keep a round to about a second per benchmark; perfgate's
    // rounds, not JMH's iterations, give the repeated measurements. -foe makes a benchmark that
    // throws fail the round instead of vanishing from the results. Bounds in `run` win.
    const bounded = appendMissingFlags(run, [
      ["-f", "1"],
      ["-wi", "2"],
      ["-w", "200ms"],
      ["-i", "3"],
      ["-r", "200ms"],
      ["-foe", "true"],
    ]);
    return `${bounded} -rf json -rff ${shellQuote(ctx.outFile)}`;
  },
  output: "file",
  parse,
  installHint:
    "build a JMH benchmarks jar (Maven: jmh-core plus the jmh-generator-annprocess annotation processor, packaged with the shade plugin; or the JMH archetype org.openjdk.jmh:jmh-java-benchmark-archetype) and make `run` java -jar <that jar>",
};
