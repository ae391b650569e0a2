/**
 * One round as perfgate runs it: the adapter's round command through /bin/sh in the project's
 * folder, PERFGATE_HARNESS_OUTPUT naming a path in a fresh temporary folder, and the adapter's
 * parse of the file or stdout. A failing command fails the test with its output.
 */
import { spawn } from "node:child_process";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { HarnessAdapter, HarnessSample } from "../../src/harness/types.ts";

export interface RoundOptions {
  /** Extra environment for the round (e.g. CARGO_TARGET_DIR). */
  env?: Record<string, string>;
  /** Kill the round after this long (default 5 minutes). */
  timeoutMs?: number;
}

interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function sh(command: string, cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn("/bin/sh", ["-c", command], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d;
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("error", reject);
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Run one round of `run` in `cwd` and return the adapter's samples. */
export async function runRound(
  adapter: HarnessAdapter,
  run: string,
  cwd: string,
  opts: RoundOptions = {},
): Promise<HarnessSample[]> {
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), "perfgate-round-"));
  try {
    const outFile = path.join(tmp, "harness-output");
    const command = adapter.roundCommand(run, { outFile });
    const env = { ...process.env, ...opts.env, PERFGATE_HARNESS_OUTPUT: outFile };
    const done = await sh(command, cwd, env, opts.timeoutMs ?? 300_000);
    if (done.code !== 0) {
      const tail = `${done.stdout}\n${done.stderr}`.trim().split("\n").slice(-25).join("\n");
      throw new Error(`round command failed (${done.signal ?? `exit ${done.code}`}): ${command}\n${tail}`);
    }
    const text = adapter.output === "file" ? await fs.readFile(outFile, "utf8") : done.stdout;
    return adapter.parse(text);
  } finally {
    await fs.rm(tmp, { recursive: true, force: true });
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Alternate rounds of two projects (as perfgate alternates base and PR) and return, per
 * benchmark, the median over `rounds` of the second's time divided by the first's.
 */
export async function medianRatios(
  adapter: HarnessAdapter,
  base: { run: string; dir: string },
  changed: { run: string; dir: string },
  rounds: number,
  opts: RoundOptions = {},
): Promise<Map<string, number>> {
  const times = { base: new Map<string, number[]>(), changed: new Map<string, number[]>() };
  const record = (into: Map<string, number[]>, samples: HarnessSample[]) => {
    for (const s of samples) into.set(s.name, [...(into.get(s.name) ?? []), s.ns]);
  };
  for (let i = 0; i < rounds; i++) {
    record(times.base, await runRound(adapter, base.run, base.dir, opts));
    record(times.changed, await runRound(adapter, changed.run, changed.dir, opts));
  }
  const ratios = new Map<string, number>();
  for (const [name, ns] of times.base) {
    const other = times.changed.get(name);
    if (other) ratios.set(name, median(other) / median(ns));
  }
  return ratios;
}
