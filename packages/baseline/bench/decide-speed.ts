/**
 * Decision cost for large sample counts (pytest-benchmark's default JSON has ~100k rounds).
 * Target: 100k samples a side decided in <= 2 s. Measured two ways:
 *   - in process: decideBenchmark on arrays (Mann-Whitney + bootstrap + summaries);
 *   - end to end: the built CLI, `perfgate compare base.json cur.json --json`, as a child process
 *     (start-up, read, validate, decide, print).
 * Each is reported as CPU time (user + system, of this process or of the child, read by a preloaded
 * exit hook) and wall clock. The target is judged on CPU time: on a shared 2-core machine the wall
 * clock also counts other people's load (node's start-up alone took 4 s under it). Each figure is
 * the fastest of 3 repetitions (load only ever adds time). Exit code 1 when the target is missed.
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
  const rows: Array<{
    n: number;
    decideMs: number;
    decideCpuMs: number;
    cliMs: number;
    cliCpuMs: number;
    verdict: string;
    fileMiB: number;
  }> = [];
  // Preloaded into the CLI child: on exit, write its own CPU time (µs) where the bench reads it.
  const hook = path.join(dir, "cpu-hook.cjs");
  const cpuFile = path.join(dir, "cpu.json");
  await fs.writeFile(
    hook,
    `process.on("exit", () => require("node:fs").writeFileSync(${JSON.stringify(cpuFile)}, JSON.stringify(process.cpuUsage())));\n`,
  );
  try {
    for (const n of SIZES) {
      const base = samples(n, 50, 1);
      const cur = samples(n, 55, 2); // +10%: at the threshold, the hardest case to call
      const decideTimes: number[] = [];
      const decideCpu: number[] = [];
      let verdict = "";
      for (let r = 0; r < REPS; r++) {
        const t = performance.now();
        const c = process.cpuUsage();
        verdict = decideBenchmark("b", base, cur, { threshold: 0.1 }).verdict;
        const used = process.cpuUsage(c);
        decideCpu.push((used.user + used.system) / 1000);
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
      const cliCpu: number[] = [];
      for (let r = 0; r < REPS; r++) {
        const t = performance.now();
        const run = spawnSync(process.execPath, ["--require", hook, bundle, "compare", baseFile, curFile, "--json"], {
          cwd: dir,
          maxBuffer: 512 * 1024 * 1024,
        });
        cliTimes.push(performance.now() - t);
        if (run.status === null || run.status > 1) throw new Error(`compare failed: ${run.stderr.toString()}`);
        const used = JSON.parse(await fs.readFile(cpuFile, "utf8")) as { user: number; system: number };
        cliCpu.push((used.user + used.system) / 1000);
      }
      const fileMiB = (await fs.stat(baseFile)).size / 1024 / 1024;
      rows.push({
        n,
        decideMs: fastest(decideTimes),
        decideCpuMs: fastest(decideCpu),
        cliMs: fastest(cliTimes),
        cliCpuMs: fastest(cliCpu),
        verdict,
        fileMiB,
      });
    }
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
  console.log(
    `decision cost, fastest of ${REPS} (${os.cpus()[0]?.model.trim()}, ${os.availableParallelism()} cores, Node ${process.version})`,
  );
  console.log("| samples/side | file size | decideBenchmark CPU (wall) | perfgate compare CPU (wall) | verdict |");
  console.log("| -----------: | --------: | -------------------------: | --------------------------: | ------- |");
  for (const r of rows)
    console.log(
      `| ${r.n.toLocaleString("en")} | ${r.fileMiB.toFixed(1)} MiB | ${r.decideCpuMs.toFixed(0)} ms (${r.decideMs.toFixed(0)} ms) | ${r.cliCpuMs.toFixed(0)} ms (${r.cliMs.toFixed(0)} ms) | ${r.verdict} |`,
    );
  const at100k = rows.find((r) => r.n === 100_000)!;
  const ok = at100k.cliCpuMs <= TARGET_MS;
  console.log(
    `target: 100k samples a side in <= ${TARGET_MS} ms of CPU, end to end through the CLI: ${ok ? "met" : "MISSED"} (${at100k.cliCpuMs.toFixed(0)} ms CPU, ${at100k.cliMs.toFixed(0)} ms wall)`,
  );
  console.log(JSON.stringify({ bench: "decide-speed", targetMs: TARGET_MS, rows }));
  if (!ok) process.exitCode = 1;
}

await main();
