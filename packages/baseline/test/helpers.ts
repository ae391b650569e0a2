import { type ChildProcess, execFile, spawn } from "node:child_process";
import { promises as fs } from "node:fs";
import os, { constants as osConstants } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { summarize } from "../src/stats/summary.ts";

export const PKG_DIR = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
// PERFGATE_TEST_BUNDLE runs the suite against another build (e.g. main's, to see a reproduction fail).
export const BUNDLE = process.env["PERFGATE_TEST_BUNDLE"] ?? path.join(PKG_DIR, "dist", "perfgate.cjs");
export const SOURCE_MAIN = path.join(PKG_DIR, "src", "cli", "main.ts");
const TSX = path.join(PKG_DIR, "..", "..", "node_modules", ".bin", "tsx");

export type Via = "bundle" | "tsx";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  output: string;
}

export interface CliOptions {
  cwd: string;
  env?: Record<string, string> | undefined;
  via?: Via | undefined;
  asUser?: number | undefined;
  /** SIGKILL the CLI after this long (code 124, as timeout(1) says): a hang fails the test, not the run. */
  timeoutMs?: number | undefined;
}

/** The command line and environment that run the CLI with `args`. */
function cliCommand(args: string[], options: CliOptions): { cmd: string; argv: string[]; env: Record<string, string> } {
  const via = options.via ?? "bundle";
  let [cmd, argv] = via === "bundle" ? [process.execPath, [BUNDLE, ...args]] : [TSX, [SOURCE_MAIN, ...args]];
  // Root ignores file modes: tests of read-only folders run the CLI as another user (setpriv).
  if (options.asUser !== undefined && process.getuid?.() === 0) {
    argv = [`--reuid=${options.asUser}`, `--regid=${options.asUser}`, "--clear-groups", cmd!, ...argv!];
    cmd = "setpriv";
  }
  // Keep the GitHub Actions environment of the host (if any) out unless a test asks for it.
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && !k.startsWith("GITHUB_") && k !== "RUNNER_NAME") env[k] = v;
  return { cmd: cmd!, argv: argv!, env: { ...env, ...options.env } };
}

/** Spawn the real CLI as a separate process, the way CI runs it. */
export function runCli(args: string[], options: CliOptions): Promise<CliResult> {
  const { cmd, argv, env } = cliCommand(args, options);
  return new Promise((resolve) => {
    const limits = { maxBuffer: 64 * 1024 * 1024, timeout: options.timeoutMs ?? 0, killSignal: "SIGKILL" as const };
    execFile(cmd, argv, { cwd: options.cwd, env, ...limits }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : error.killed ? 124 : 99) : 0;
      resolve({ code, stdout, stderr, output: `${stdout}\n${stderr}` });
    });
  });
}

/**
 * Start the real CLI and return at once, for tests that act on it while it runs (send it a
 * signal). `done` is its result; a death by a signal is code 128 + the signal's number, as a shell says.
 */
export function startCli(args: string[], options: CliOptions): { child: ChildProcess; done: Promise<CliResult> } {
  const { cmd, argv, env } = cliCommand(args, options);
  const child = spawn(cmd, argv, { cwd: options.cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk;
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk;
  });
  const done = new Promise<CliResult>((resolve) => {
    child.once("close", (code, signal) => {
      const exit = code ?? 128 + (signal ? osConstants.signals[signal] : 0);
      resolve({ code: exit, stdout, stderr, output: `${stdout}\n${stderr}` });
    });
  });
  return { child, done };
}

const made: string[] = [];

export async function tempProject(files: Record<string, string>): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "perfgate-test-"));
  made.push(dir);
  for (const [name, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await fs.writeFile(path.join(dir, name), content);
  }
  return dir;
}

/** Remove every folder tempProject made in this test file (call it in afterAll). */
export async function removeTempProjects(): Promise<void> {
  for (const dir of made.splice(0)) await fs.rm(dir, { recursive: true, force: true });
}

export const BASELINE_REL = "metrics/baselines/current_performance_baseline.json";

/** A valid baseline document with the given samples, for tests that do not need to measure. */
export function baselineDoc(benchmarks: Record<string, number[]>, overrides: Record<string, unknown> = {}) {
  return {
    schema: "perfgate-baseline",
    version: 1,
    createdAt: new Date().toISOString(),
    tool: "perfgate test",
    git: { sha: "0123456789abcdef0123456789abcdef01234567", ref: "refs/heads/main" },
    environment: {
      os: os.platform(),
      osRelease: os.release(),
      arch: os.arch(),
      cpuModel: (os.cpus()[0]?.model ?? "unknown").trim(),
      cores: os.availableParallelism(),
      nodeVersion: process.version,
      runnerName: null,
      runnerLabel: null,
    },
    settings: { runs: 1, samplesPerRun: 5 },
    benchmarks: Object.entries(benchmarks).map(([name, samples]) => ({
      name,
      kind: "command",
      source: "test",
      unit: "ms",
      samples,
      // A real summary: one that disagrees with the samples is recomputed with a warning.
      summary: samples.every((s) => typeof s === "number" && Number.isFinite(s))
        ? summarize(samples)
        : { n: samples.length, median: 1, mean: 1, stddev: 0, mad: 0, min: 1, max: 1 },
    })),
    ...overrides,
  };
}

export async function listTree(dir: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(d: string) {
    for (const e of await fs.readdir(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else out.push(path.relative(dir, p));
    }
  }
  await walk(dir);
  return out.sort();
}

const GIT_ENV = {
  GIT_AUTHOR_NAME: "perfgate test",
  GIT_AUTHOR_EMAIL: "test@perfgate.invalid",
  GIT_COMMITTER_NAME: "perfgate test",
  GIT_COMMITTER_EMAIL: "test@perfgate.invalid",
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CONFIG_GLOBAL: "/dev/null",
};

/** Run git in `dir` (fixed identity, no user config); returns stdout. */
export function git(dir: string, ...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile("git", args, { cwd: dir, env: { ...process.env, ...GIT_ENV } }, (error, stdout, stderr) =>
      error ? reject(new Error(`git ${args.join(" ")}: ${stderr}`)) : resolve(String(stdout).trim()),
    );
  });
}

/** Make `dir` a git repository with everything in it committed on main; returns the commit. */
export async function commitAll(dir: string, message = "base"): Promise<string> {
  await git(dir, "init", "-q", "-b", "main").catch(() => "");
  await git(dir, "add", "-A");
  await git(dir, "commit", "-q", "--allow-empty", "-m", message);
  return git(dir, "rev-parse", "HEAD");
}

/**
 * Busy neighbours: `count` processes spinning a CPU each, as on a shared CI runner. Tests that
 * judge timings run with them; the returned function stops them (call it in a finally block).
 */
export function startSpinners(count = 2): () => void {
  const children = Array.from({ length: count }, () =>
    spawn(process.execPath, ["-e", "for(;;){}"], { stdio: "ignore" }),
  );
  return () => {
    for (const c of children) c.kill("SIGKILL");
  };
}
