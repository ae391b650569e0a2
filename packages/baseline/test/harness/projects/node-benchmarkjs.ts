/**
 * A small real benchmark.js project: `npm init`, benchmark from the npm registry, one suite that
 * benchmarks each function of src/lib.js (see node-code.ts) and prints benchmark.js's cycle lines.
 *
 *   await makeBenchmarkjsProject(dir, { slow: "xorshift" });
 *   // config entry: { "harness": "benchmarkjs", "run": BENCHMARKJS_RUN }, setup: NODE_SETUP
 */
import { promises as fs } from "node:fs";
import path from "node:path";
import { ensureNpmPackages } from "../tools-b.ts";
import { slowFunction, writeNodeProject } from "./node-code.ts";

export const BENCHMARKJS_MAJOR = 2;
export const BENCHMARKJS_RUN = "node bench/suite.js";
/** The benchmarks as perfgate's benchmark.js adapter names them, in NODE_FUNCTIONS order. */
export const BENCHMARKJS_BENCHMARKS = ["hash", "xorshift", "collatz"];

const SUITE = `import Benchmark from "benchmark";
import { collatz, hash, xorshift } from "../src/lib.js";

// maxTime bounds each benchmark (benchmark.js's default is 5 s).
const options = { maxTime: 0.3 };
let sink = 0;
new Benchmark.Suite()
  .add("hash", () => { sink ^= hash(); }, options)
  .add("xorshift", () => { sink ^= xorshift(); }, options)
  .add("collatz", () => { sink ^= collatz(); }, options)
  .on("cycle", (event) => console.log(String(event.target)))
  .on("complete", () => console.log(\`done (\${sink & 1})\`))
  .run();
`;

/**
 * Write (or rewrite) the project in `dir` and install benchmark.js. `slow` names one of
 * BENCHMARKJS_BENCHMARKS whose function then does 45% more work. Safe to call again on the same `dir`.
 */
export async function makeBenchmarkjsProject(dir: string, opts: { slow?: string } = {}): Promise<void> {
  const slow = slowFunction(opts.slow, BENCHMARKJS_BENCHMARKS);
  await writeNodeProject(dir, slow);
  await fs.mkdir(path.join(dir, "bench"), { recursive: true });
  await fs.writeFile(path.join(dir, "bench", "suite.js"), SUITE);
  await ensureNpmPackages(dir, { benchmark: BENCHMARKJS_MAJOR });
}
