import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ACTION_DIR = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const ACTION_MAIN = path.join(ACTION_DIR, "dist", "index.cjs");

export interface ActionRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

/** A project with a fast, configurable module benchmark, as a git repository (one commit). */
export async function sampleProject(opts: { slow?: boolean; config?: boolean } = {}): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "pg-action-"));
  await writeFile(path.join(dir, "package.json"), '{"name":"sample","type":"module"}\n');
  const loops = opts.slow ? 400_000 : 40_000;
  await writeFile(
    path.join(dir, "bench.js"),
    `export function work() { let s = 0; for (let i = 0; i < ${loops}; i++) s += i % 7; return s; }\nexport function steady() { let s = 0; for (let i = 0; i < 40000; i++) s += i % 5; return s; }\n`,
  );
  if (opts.config !== false) {
    await writeFile(
      path.join(dir, "perfgate.config.json"),
      `${JSON.stringify({ moduleTimeMs: 40, benchmarks: [{ module: "bench.js" }] })}\n`,
    );
  }
  return dir;
}

/** Writes the variant of bench.js that makes `work` ~10x slower. */
export async function slowDown(dir: string): Promise<void> {
  const src = await readFile(path.join(dir, "bench.js"), "utf8");
  await writeFile(path.join(dir, "bench.js"), src.replace("i < 40000; i++) s += i % 7", "i < 400000; i++) s += i % 7"));
}

/** Parses @actions/core's GITHUB_OUTPUT file (`name<<delimiter` blocks). */
function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<]+)<<(.+)$/.exec(lines[i]!);
    if (!m) continue;
    const value: string[] = [];
    while (++i < lines.length && lines[i] !== m[2]) value.push(lines[i]!);
    out[m[1]!] = value.join("\n");
  }
  return out;
}

/** Runs dist/index.cjs as the runner would: INPUT_* and GITHUB_* variables, files for outputs and summary. */
export async function runAction(opts: {
  workspace: string;
  inputs?: Record<string, string>;
  env?: Record<string, string>;
}): Promise<ActionRun> {
  const files = await mkdtemp(path.join(tmpdir(), "pg-action-files-"));
  await mkdir(files, { recursive: true });
  const outputFile = path.join(files, "output");
  const summaryFile = path.join(files, "summary.md");
  await writeFile(outputFile, "");
  await writeFile(summaryFile, "");
  const defaults: Record<string, string> = {
    threshold: "10",
    runs: "3",
    config: "perfgate.config.json",
    "baseline-path": "metrics/baselines/current_performance_baseline.json",
    "artifact-name": "performance-baseline",
    "main-branch": "main",
    "max-age": "30d",
    "retention-days": "90",
    "github-token": "",
    mode: "auto",
  };
  const inputs = { ...defaults, ...opts.inputs };
  const env: Record<string, string> = {
    PATH: process.env["PATH"] ?? "",
    HOME: process.env["HOME"] ?? "",
    GITHUB_ACTIONS: "true",
    GITHUB_WORKSPACE: opts.workspace,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.replace(/ /g, "_").toUpperCase()}`, v])),
    ...opts.env,
  };
  const { exitCode, stdout, stderr } = await new Promise<{ exitCode: number; stdout: string; stderr: string }>(
    (resolve) => {
      execFile(
        process.execPath,
        [ACTION_MAIN],
        { cwd: opts.workspace, env, maxBuffer: 64 * 1024 * 1024 },
        (error, stdout, stderr) => {
          resolve({ exitCode: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
        },
      );
    },
  );
  return {
    exitCode,
    stdout,
    stderr,
    outputs: parseOutputs(await readFile(outputFile, "utf8")),
    summary: await readFile(summaryFile, "utf8"),
  };
}
