/**
 * Decision cost for large sample counts (pytest-benchmark's default JSON has ~100k rounds).
 * Target: 100k samples a side decided in <= 2 s. Measured two ways:
 *   - in process: decideBenchmark on arrays (Mann-Whitney + bootstrap + summaries);
 *   - end to end: the built CLI, `perfgate compare base.json cur.json --json`, as a child process
 *     (read, validate, decide, print), wall clock.
 * Each figure is the fastest of 3 repetitions (a shared machine's load only ever adds time).
 * Exit code 1 when the target is missed.
 * Run: pnpm --filter @perfgate/baseline bench
 */
import { execFileSync, spawnSync } from "node:child_process";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { decideBenchmark } from "../src/decide.ts";
import { buildBaseline } from "../src/establish.ts";
import type { BenchmarkResult } from "../src/schema.ts";
import { mulberry32, normal } from "../src/stats/random.ts";
import { summarize } from "../src/stats/summary.ts";

const PKG = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const TARGET_MS = 2000;
const SIZES = [1_000, 20_000, 100_000, 200_000];
const REPS = 3;

function samples(n: number, scale: number, seed: number): number[] {
  const rand = mulberry32(seed);
  // Log-normal, CV 5%, rounded to 1 µs: real timings repeat, so the ranks have ties.
  return Array.from({ length: n }, () => Math.round(scale * Math.exp(0.05 * normal(rand)) * 1000) / 1000);
}

const fastest = (xs: number[]) => Math.min(...xs);

function result(name: string, s: number[]): BenchmarkResult {
  return { name, kind: "imported", source: "bench", unit: "ms", samples: s, summary: summarize(s) };
}

async function main(): Promise<void> {
  execFileSync(process.execPath, ["build.mjs"], { cwd: PKG, stdio: "inherit" });
  const bundle = path.join(PKG, "dist", "perfgate.cjs");
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "perfgate-bench-"));
  const rows: Array<{ n: number; decideMs: number; cliMs: number; verdict: string; fileMiB: number }> = [];
  try {
    for (const n of SIZES) {
      const base = samples(n, 50, 1);
      const cur = samples(n, 55, 2); // +10%: at the threshold, the hardest case to call
      const decideTimes: number[] = [];
      let verdict = "";
      for (let r = 0; r < REPS; r++) {
        const t = performance.now();
        verdict = decideBenchmark("b", base, cur, { threshold: 0.1 }).verdict;
        decideTimes.push(performance.now() - t);
      }
      const root = { root: dir };
      const baseFile = path.join(dir, `base-${n}.json`);
      const curFile = path.join(dir, `cur-${n}.json`);
      await fs.writeFile(
        baseFile,
        JSON.stringify(buildBaseline([result("b", base)], { runs: 1, samplesPerRun: n }, root)),
      );
      await fs.writeFile(
        curFile,
        JSON.stringify(buildBaseline([result("b", cur)], { runs: 1, samplesPerRun: n }, root)),
      );
      const cliTimes: number[] = [];
      for (let r = 0; r < REPS; r++) {
        const t = performance.now();
        const run = spawnSync(process.execPath, [bundle, "compare", baseFile, curFile, "--json"], {
          cwd: dir,
          maxBuffer: 512 * 1024 * 1024,
        });
        cliTimes.push(performance.now() - t);
        if (run.status === null || run.status > 1) throw new Error(`compare failed: ${run.stderr.toString()}`);
      }
      const fileMiB = (await fs.stat(baseFile)).size / 1024 / 1024;
      rows.push({ n, decideMs: fastest(decideTimes), cliMs: fastest(cliTimes), verdict, fileMiB });
    }
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
  console.log(
    `decision cost, fastest of ${REPS} (${os.cpus()[0]?.model.trim()}, ${os.availableParallelism()} cores, Node ${process.version})`,
  );
  console.log("| samples/side | file size | decideBenchmark | perfgate compare (CLI, wall) | verdict |");
  console.log("| -----------: | --------: | --------------: | ---------------------------: | ------- |");
  for (const r of rows)
    console.log(
      `| ${r.n.toLocaleString("en")} | ${r.fileMiB.toFixed(1)} MiB | ${r.decideMs.toFixed(0)} ms | ${r.cliMs.toFixed(0)} ms | ${r.verdict} |`,
    );
  const at100k = rows.find((r) => r.n === 100_000)!;
  const ok = at100k.cliMs <= TARGET_MS;
  console.log(
    `target: 100k samples a side in <= ${TARGET_MS} ms end to end: ${ok ? "met" : "MISSED"} (${at100k.cliMs.toFixed(0)} ms)`,
  );
  console.log(JSON.stringify({ bench: "decide-speed", targetMs: TARGET_MS, rows }));
  if (!ok) process.exitCode = 1;
}

await main();
