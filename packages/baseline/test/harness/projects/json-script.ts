/**
 * A small real project with its own benchmark script that writes perfgate's generic harness
 * JSON (the `json` adapter): `bench.mjs` times two functions of `textstat.mjs` in batches for a
 * short budget each (keeping the fastest batch) and writes `{"benchmarks":[{"name","value","unit":"us"}]}` to the file
 * named by $PERFGATE_HARNESS_OUTPUT. It runs on the Node that runs the tests.
 */
import { shellQuote } from "../../../src/harness/types.ts";
import { checkSlow, type HarnessProject, type ProjectOptions, SLOW_SHARE_PERCENT, writeFiles } from "./project.ts";

export const JSON_BENCHMARKS = ["checksum", "word_count"] as const;

function textstat(slow: string | undefined): string {
  const regression = (benchmark: string, line: string) =>
    slow === benchmark ? `  ${line} // the regression: a second pass over part of the input\n` : "";
  const part = (v: string) => `Math.floor((${v}.length * ${SLOW_SHARE_PERCENT}) / 100)`;
  // Passes take an end index rather than a slice: no copy, and one shape of call for the JIT.
  return `function checksumPass(data, total, end) {
  for (let i = 0; i < end; i++) total = (Math.imul(total, 31) + data[i]) | 0;
  return total;
}

function countPass(words, counts, end) {
  for (let i = 0; i < end; i++) counts.set(words[i], (counts.get(words[i]) ?? 0) + 1);
  return counts;
}

export function checksum(data) {
  let total = checksumPass(data, 0, data.length);
${regression("checksum", `total = checksumPass(data, total, ${part("data")});`)}  return total;
}

export function wordCount(words) {
  let counts = countPass(words, new Map(), words.length);
${regression("word_count", `counts = countPass(words, counts, ${part("words")});`)}  return counts;
}
`;
}

const BENCH = `import { writeFileSync } from "node:fs";
import { checksum, wordCount } from "./textstat.mjs";

const data = Uint8Array.from({ length: 1 << 16 }, (_, i) => (i * 7) & 255);
const words = Array.from({ length: 20000 }, (_, i) => "w" + (i % 900));
let sink;

// Warm up (so the JIT has compiled the code), then batches of ~2 ms for ~150 ms: the fastest
// batch's time per iteration (load from other processes only ever adds time).
function time(fn) {
  const warm = Date.now() + 300;
  while (Date.now() < warm) sink = fn();
  let iterations = 1;
  for (;;) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) sink = fn();
    if (Number(process.hrtime.bigint() - start) > 2e6) break;
    iterations *= 2;
  }
  const perIteration = [];
  const end = Date.now() + 150;
  while (Date.now() < end || perIteration.length < 5) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) sink = fn();
    perIteration.push(Number(process.hrtime.bigint() - start) / iterations / 1000);
  }
  return Math.min(...perIteration);
}

const benchmarks = [
  { name: "checksum", value: time(() => checksum(data)), unit: "us" },
  { name: "word_count", value: time(() => wordCount(words)), unit: "us" },
];
writeFileSync(process.env.PERFGATE_HARNESS_OUTPUT, JSON.stringify({ benchmarks }, null, 2) + "\\n");
if (sink === undefined) process.exit(1);
`;

/** Write the project into `dir` (which must exist). */
export async function makeJsonProject(dir: string, opts: ProjectOptions = {}): Promise<HarnessProject> {
  checkSlow(opts.slow, JSON_BENCHMARKS);
  await writeFiles(dir, { "textstat.mjs": textstat(opts.slow), "bench.mjs": BENCH });
  return { run: `${shellQuote(process.execPath)} bench.mjs`, benchmarks: [...JSON_BENCHMARKS] };
}
