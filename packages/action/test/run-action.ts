import { type ChildProcess, execFile, execFileSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { constants as osConstants, tmpdir } from "node:os";
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

/** A project with a fast module benchmark of two exports, `work` and `steady` (not a git repository: see commitAll). */
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

/** Makes `dir` a git repository with everything in it committed; returns the commit. */
export function commitAll(dir: string, message = "sample"): string {
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], {
      cwd: dir,
      encoding: "utf8",
    }).trim();
  if (!existsSync(path.join(dir, ".git"))) {
    git("init", "-q", "-b", "main");
    // The action's own output (baselines, reports) is not part of the project's history.
    writeFileSync(path.join(dir, ".gitignore"), "metrics/\n");
  }
  git("add", "-A");
  git("commit", "-q", "--allow-empty", "-m", message);
  return git("rev-parse", "HEAD");
}

/** A pull_request event payload naming `baseSha` as the PR's base, as the runner's GITHUB_EVENT_PATH file. */
export async function pullRequestEvent(baseSha: string): Promise<string> {
  const file = path.join(await mkdtemp(path.join(tmpdir(), "pg-action-event-")), "event.json");
  await writeFile(file, JSON.stringify({ pull_request: { number: 1, base: { sha: baseSha, ref: "main" } } }));
  return file;
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

export interface ActionOptions {
  workspace: string;
  inputs?: Record<string, string>;
  env?: Record<string, string>;
}

/** The action as a running process: its handle (to signal it) and its result once it exits. */
export interface StartedAction {
  child: ChildProcess;
  done: Promise<ActionRun>;
}

/** Starts dist/index.cjs as the runner would: INPUT_* and GITHUB_* variables, files for outputs and summary. */
export async function startAction(opts: ActionOptions): Promise<StartedAction> {
  const files = await mkdtemp(path.join(tmpdir(), "pg-action-files-"));
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
    // The leftover-process check of the test run finds what the action leaves behind by this.
    ...(process.env["PERFGATE_TEST_RUN"] ? { PERFGATE_TEST_RUN: process.env["PERFGATE_TEST_RUN"] } : {}),
    GITHUB_ACTIONS: "true",
    GITHUB_WORKSPACE: opts.workspace,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.replace(/ /g, "_").toUpperCase()}`, v])),
    ...opts.env,
  };
  let child!: ChildProcess;
  const exited = new Promise<{ exitCode: number; stdout: string; stderr: string }>((resolve) => {
    child = execFile(
      process.execPath,
      [ACTION_MAIN],
      { cwd: opts.workspace, env, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const e = error as { code?: number; signal?: string } | null;
        // Killed by a signal it did not handle: 128 + n, as a shell reports it.
        const code = !e ? 0 : typeof e.code === "number" ? e.code : e.signal ? 128 + signalNumber(e.signal) : 1;
        resolve({ exitCode: code, stdout, stderr });
      },
    );
  });
  const done = exited.then(async ({ exitCode, stdout, stderr }) => {
    const run = {
      exitCode,
      stdout,
      stderr,
      outputs: parseOutputs(await readFile(outputFile, "utf8")),
      summary: await readFile(summaryFile, "utf8"),
    };
    await rm(files, { recursive: true, force: true });
    return run;
  });
  return { child, done };
}

function signalNumber(name: string): number {
  return (osConstants.signals as Record<string, number>)[name] ?? 0;
}

/** Runs dist/index.cjs to its end (see startAction). */
export async function runAction(opts: ActionOptions): Promise<ActionRun> {
  return (await startAction(opts)).done;
}
