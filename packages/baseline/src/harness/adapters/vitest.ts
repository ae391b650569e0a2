import { z } from "zod";
import { type HarnessAdapter, HarnessOutputError, type HarnessSample, shellQuote } from "../types.ts";
import { checkShape, type Expectation, readJson } from "./output-text.ts";
import { appendMissingFlags } from "./run-flags.ts";
import { SampleList } from "./sample-list.ts";

const TITLE = "vitest bench";

const WANT: Expectation = {
  title: TITLE,
  expected: 'the JSON that `vitest bench --outputJson` writes ({"files": [{"groups": [{"benchmarks": [...]}]}]})',
  remedy:
    "make `run` a vitest bench command (e.g. npx vitest bench, or `npm run bench --` for a script that runs it): perfgate appends --run --outputJson",
};

// Times are in milliseconds. `median` is written by vitest 2 and later; 1.x has `mean` only.
const Benchmark = z.object({
  name: z.string(),
  median: z.number().optional(),
  mean: z.number().optional(),
  sampleCount: z.number().optional(),
});
const Doc = z.object({
  files: z.array(
    z.object({
      filepath: z.string().optional(),
      groups: z.array(z.object({ fullName: z.string(), benchmarks: z.array(Benchmark) })),
    }),
  ),
});

/**
 * The statistic is the median time per iteration: a benchmark's samples are single calls, and a
 * GC pause or JIT step makes a few of them far longer (a mean moves with them, the median does not).
 * vitest 1.x writes no median; its mean is the only per-iteration time there.
 * A benchmark's name is its group's full name (file path relative to the root, then describe
 * blocks) and its own, as vitest's summary prints it, so the same bench in two files stays two.
 */
function parse(text: string): HarnessSample[] {
  const doc = checkShape(Doc, readJson(text, WANT), WANT);
  const samples = new SampleList(TITLE);
  for (const file of doc.files)
    for (const group of file.groups)
      for (const bench of group.benchmarks) {
        const name = `${group.fullName} > ${bench.name}`;
        const [field, ms] = bench.median !== undefined ? ["a median", bench.median] : ["a mean", bench.mean];
        if (ms === undefined)
          throw new HarnessOutputError(
            `${TITLE} benchmark "${name}" has no result (no median or mean): it failed, most likely by throwing`,
            "run `npx vitest bench --run` and fix the benchmark that reports an error; vitest still exits 0 for it",
          );
        samples.add(name, ms * 1e6, field, `${ms} ms`);
      }
  return samples.list(
    "holds no benchmark (vitest found no bench() in its bench files)",
    "check vitest's benchmark.include pattern (default **/*.{bench,benchmark}.?(c|m)[jt]s?(x)) and the filters in `run`",
  );
}

export const vitestAdapter: HarnessAdapter = {
  id: "vitest",
  title: TITLE,
  exampleRun: "npx vitest bench",
  roundCommand(run, ctx) {
    // vitest rejects --run given twice; without it, vitest bench outside CI waits in watch mode.
    return `${appendMissingFlags(run, [["--run"]])} --outputJson ${shellQuote(ctx.outFile)}`;
  },
  output: "file",
  parse,
  installHint: "install vitest in the project (npm install --save-dev vitest) and write benchmarks in *.bench.ts files",
};
