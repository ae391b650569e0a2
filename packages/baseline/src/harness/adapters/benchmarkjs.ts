import type { HarnessAdapter, HarnessSample } from "../types.ts";
import { excerpt } from "./output-text.ts";
import { SampleList } from "./sample-list.ts";

const TITLE = "benchmark.js";

/**
 * One finished benchmark as `String(benchmark)` prints it in a suite's "cycle" handler:
 * `name x 1,234,567 ops/sec ±0.50% (95 runs sampled)` (two decimals below 100 ops/sec).
 * The name is greedy, so a name holding " x " still ends at the last one.
 */
const CYCLE_LINE = /^(.+) x (\S+) ops\/sec \u00b1(\S+)% \((\d+) runs? sampled\)$/;

// Colour codes a reporter may add around the line; a cycle line is plain text otherwise.
const ANSI = /\u001b\[[0-9;]*m/g;

/**
 * benchmark.js prints only throughput, ops/sec = 1 / mean seconds per call, so the round's value
 * is its inverse: the mean time per iteration (benchmark.js's own central figure).
 */
function parse(text: string): HarnessSample[] {
  const samples = new SampleList(TITLE);
  for (const raw of text.split("\n")) {
    const m = CYCLE_LINE.exec(raw.replace(ANSI, "").replace(/\r$/, "").trim());
    if (!m) continue;
    const [, name, hz] = m as unknown as [string, string, string];
    const opsPerSec = /^[\d,]+(\.\d+)?$/.test(hz) ? Number(hz.replaceAll(",", "")) : Number.NaN;
    samples.add(name, 1e9 / opsPerSec, "a rate", `${hz} ops/sec`);
  }
  return samples.list(
    `has no benchmark.js cycle line (a line like "name x 1,234 ops/sec \u00b10.50% (90 runs sampled)"); saw ${excerpt(text)}`,
    "print each finished benchmark: suite.on('cycle', (event) => console.log(String(event.target)))",
  );
}

export const benchmarkjsAdapter: HarnessAdapter = {
  id: "benchmarkjs",
  title: TITLE,
  exampleRun: "node bench/suite.js",
  // benchmark.js has no command line: the script prints its cycle lines, and its own maxTime
  // option (default 5 s per benchmark) bounds the round.
  roundCommand: (run) => run,
  output: "stdout",
  parse,
  installHint:
    "install benchmark.js (npm install --save-dev benchmark) and print every result: suite.on('cycle', (event) => console.log(String(event.target)))",
};
