/**
 * The code under test shared by the Node projects (vitest, tinybench, benchmark.js): three
 * functions, each a serial chain of arithmetic that no optimizer can shorten, repeated PASSES
 * times. Slowing one means giving it more passes: real extra work in the code, not a sleep.
 */
import { promises as fs } from "node:fs";
import path from "node:path";
import { mustRun } from "../tools-b.ts";

/** The functions, by the name each project gives its benchmark of it. */
export const NODE_FUNCTIONS = ["hash", "xorshift", "collatz"] as const;
export type NodeFunction = (typeof NODE_FUNCTIONS)[number];

export const BASE_PASSES = 20;
/** 45% more passes: a slowdown far above round-to-round noise, yet a realistic regression. */
export const SLOW_PASSES = 29;

/** `src/lib.js`: the three functions, `slow` (if any) doing SLOW_PASSES. */
export function nodeLibSource(slow?: NodeFunction): string {
  const passes = (fn: NodeFunction) => (fn === slow ? SLOW_PASSES : BASE_PASSES);
  return `// The code under test: each function repeats a serial computation PASSES[name] times.
const PASSES = { hash: ${passes("hash")}, xorshift: ${passes("xorshift")}, collatz: ${passes("collatz")} };
const WORDS = Array.from({ length: 64 }, (_, i) => \`word-\${i * 7919}\`);

export function hash() {
  let h = 2166136261;
  for (let p = 0; p < PASSES.hash; p++)
    for (const w of WORDS) for (let i = 0; i < w.length; i++) h = Math.imul(h ^ w.charCodeAt(i), 16777619) >>> 0;
  return h;
}

export function xorshift() {
  let x = 88172645;
  for (let p = 0; p < PASSES.xorshift; p++)
    for (let i = 0; i < 1000; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
    }
  return x >>> 0;
}

export function collatz() {
  let steps = 0;
  for (let p = 0; p < PASSES.collatz; p++)
    for (let n = p * 40 + 1; n <= p * 40 + 40; n++)
      for (let m = n; m !== 1; steps++) m = m % 2 === 0 ? m / 2 : 3 * m + 1;
  return steps;
}
`;
}

/** `slow` checked against the benchmark names a project reports (`names[i]` measures NODE_FUNCTIONS[i]). */
export function slowFunction(slow: string | undefined, names: readonly string[]): NodeFunction | undefined {
  if (slow === undefined) return undefined;
  const i = names.indexOf(slow);
  if (i < 0) throw new Error(`no benchmark named ${JSON.stringify(slow)}; the project has ${names.join(", ")}`);
  return NODE_FUNCTIONS[i];
}

/** An npm project in `dir` (created with `npm init` when it has no package.json), ESM, with src/lib.js. */
export async function writeNodeProject(dir: string, slow: NodeFunction | undefined): Promise<void> {
  await fs.mkdir(path.join(dir, "src"), { recursive: true });
  if (!(await exists(path.join(dir, "package.json")))) {
    await mustRun("npm init", "npm", ["init", "-y"], { cwd: dir });
    await mustRun("npm pkg set", "npm", ["pkg", "set", "type=module", "private=true"], { cwd: dir });
  }
  await fs.writeFile(path.join(dir, ".gitignore"), "node_modules/\n");
  await fs.writeFile(path.join(dir, "src", "lib.js"), nodeLibSource(slow));
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}
