/**
 * A small real vitest project: `npm init`, vitest from the npm registry, one bench file with a
 * benchmark per function of src/lib.js (see node-code.ts).
 *
 *   await makeVitestProject(dir, { slow: "bench/lib.bench.js > hash" });
 *   // config entry: { "harness": "vitest", "run": VITEST_RUN }, setup: NODE_SETUP
 */
import { promises as fs } from "node:fs";
import path from "node:path";
import { ensureNpmPackages } from "../tools-b.ts";
import { slowFunction, writeNodeProject } from "./node-code.ts";

export const VITEST_MAJOR = 4;
export const VITEST_RUN = "npx vitest bench";
/** How a fresh checkout of the project gets its dependencies. */
export const NODE_SETUP = "npm install --no-audit --no-fund";
/** The benchmarks as perfgate's vitest adapter names them, in NODE_FUNCTIONS order. */
export const VITEST_BENCHMARKS = ["hash", "xorshift", "collatz"].map((fn) => `bench/lib.bench.js > ${fn}`);

const BENCH_FILE = `import { bench } from "vitest";
import { collatz, hash, xorshift } from "../src/lib.js";

// Short runs keep a round near a second; the sink keeps results alive.
const options = { time: 200, warmupTime: 50 };
let sink = 0;
bench("hash", () => { sink ^= hash(); }, options);
bench("xorshift", () => { sink ^= xorshift(); }, options);
bench("collatz", () => { sink ^= collatz(); }, options);
export { sink };
`;

/**
 * Write (or rewrite) the project in `dir` and install vitest. `slow` names one of
 * VITEST_BENCHMARKS whose function then does 45% more work. Safe to call again on the same `dir`
 * (to make the slowed version of a committed project).
 */
export async function makeVitestProject(dir: string, opts: { slow?: string } = {}): Promise<void> {
  const slow = slowFunction(opts.slow, VITEST_BENCHMARKS);
  await writeNodeProject(dir, slow);
  await fs.mkdir(path.join(dir, "bench"), { recursive: true });
  await fs.writeFile(path.join(dir, "bench", "lib.bench.js"), BENCH_FILE);
  await ensureNpmPackages(dir, { vitest: VITEST_MAJOR });
}
