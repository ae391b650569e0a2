import path from "node:path";
import { MeasureError } from "../errors.ts";
import type { CommandBenchmark } from "../schema.ts";
import { outputTail } from "./output-tail.ts";
import { spawnGroup, timeExit } from "./process-group.ts";

export interface CommandOptions {
  root: string;
  timeoutMs: number;
}

/**
 * Run the command once through the shell, as a whole process (like hyperfine), and return its
 * wall time in ms: from spawn to the shell's exit, in a process group of its own that is killed
 * afterwards (a background grandchild neither stretches the timing nor outlives the run). A
 * non-zero exit, signal or timeout is a MeasureError: a failed run is never recorded as a timing.
 */
export async function timeCommandOnce(spec: CommandBenchmark, options: CommandOptions): Promise<number> {
  const cwd = spec.cwd ? path.resolve(options.root, spec.cwd) : options.root;
  const timeoutMs = spec.timeoutMs ?? options.timeoutMs;
  const stderr = outputTail();
  const started = process.hrtime.bigint();
  const child = spawnGroup("/bin/sh", ["-c", spec.command], {
    cwd,
    env: spec.env ? { ...process.env, ...spec.env } : process.env,
    stdio: ["ignore", "ignore", "pipe"],
  });
  child.stderr?.on("data", (chunk: Buffer) => stderr.push(chunk));
  // A grandchild may hold the pipe open after the kill's race; never let that throw.
  child.stderr?.on("error", () => {});
  const exit = await timeExit(child, started, timeoutMs);
  if (exit.timedOut) {
    throw new MeasureError(
      spec.name,
      `benchmark ${spec.name}: command timed out after ${timeoutMs} ms and was stopped (with everything it started): ${spec.command}`,
      `make it faster or raise "timeoutMs" for it in perfgate.config.json`,
    );
  }
  if (exit.spawnError || exit.code !== 0) {
    const why = exit.spawnError
      ? `could not start (${exit.spawnError.message})`
      : exit.signal
        ? `was killed by ${exit.signal}`
        : `exited with code ${exit.code}`;
    const tail = stderr.describe();
    throw new MeasureError(
      spec.name,
      `benchmark ${spec.name}: command ${why}: ${spec.command}${tail ? `\n  stderr: ${tail.replace(/\n/g, "\n          ")}` : ""}`,
      exit.spawnError
        ? `check that ${cwd} exists and /bin/sh can run there`
        : `run the command by hand in ${cwd} and fix it; perfgate only times commands that succeed`,
    );
  }
  return exit.elapsedMs;
}
