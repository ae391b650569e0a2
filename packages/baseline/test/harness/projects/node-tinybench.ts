/**
 * A small real tinybench project: `npm init`, tinybench from the npm registry, one script that
 * benchmarks each function of src/lib.js (see node-code.ts) and, as perfgate's tinybench adapter
 * asks, writes `JSON.stringify(bench.table())` to $PERFGATE_HARNESS_OUTPUT.
 *
 *   await makeTinybenchProject(dir, { slow: "collatz" });
 *   // config entry: { "harness": "tinybench", "run": TINYBENCH_RUN }, setup: NODE_SETUP
 */
import { promises as fs } from "node:fs";
import path from "node:path";
import { ensureNpmPackages } from "../tools-b.ts";
import { slowFunction, writeNodeProject } from "./node-code.ts";

export const TINYBENCH_MAJOR = 6;
export const TINYBENCH_RUN = "node bench/index.js";
/** The benchmarks as perfgate's tinybench adapter names them (the task names), in NODE_FUNCTIONS order. */
export const TINYBENCH_BENCHMARKS = ["hash", "xorshift", "collatz"];

const SCRIPT = `import { writeFileSync } from "node:fs";
import { Bench } from "tinybench";
import { collatz, hash, xorshift } from "../src/lib.js";

let sink = 0;
const bench = new Bench({ time: 200, warmupTime: 50 });
bench
  .add("hash", () => { sink ^= hash(); })
  .add("xorshift", () => { sink ^= xorshift(); })
  .add("collatz", () => { sink ^= collatz(); });
await bench.run();
console.table(bench.table());
if (process.env.PERFGATE_HARNESS_OUTPUT) writeFileSync(process.env.PERFGATE_HARNESS_OUTPUT, JSON.stringify(bench.table()));
export { sink };
`;

/**
 * Write (or rewrite) the project in `dir` and install tinybench. `slow` names one of
 * TINYBENCH_BENCHMARKS whose function then does 45% more work. Safe to call again on the same `dir`.
 */
export async function makeTinybenchProject(dir: string, opts: { slow?: string } = {}): Promise<void> {
  const slow = slowFunction(opts.slow, TINYBENCH_BENCHMARKS);
  await writeNodeProject(dir, slow);
  await fs.mkdir(path.join(dir, "bench"), { recursive: true });
  await fs.writeFile(path.join(dir, "bench", "index.js"), SCRIPT);
  await ensureNpmPackages(dir, { tinybench: TINYBENCH_MAJOR });
}
