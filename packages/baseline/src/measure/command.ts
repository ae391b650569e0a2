import path from "node:path";
import { execa } from "execa";
import { MeasureError } from "../errors.ts";
import type { CommandBenchmark } from "../schema.ts";

export interface CommandOptions {
  root: string;
  timeoutMs: number;
}

function lastLines(text: string, count = 5): string {
  return text.trim().split("\n").slice(-count).join("\n");
}

/**
 * Run the command once through the shell, as a whole process (like hyperfine),
 * and return its wall time in ms. A non-zero exit, signal or timeout is a
 * MeasureError: a failed run is never recorded as a timing.
 */
export async function timeCommandOnce(spec: CommandBenchmark, options: CommandOptions): Promise<number> {
  const cwd = spec.cwd ? path.resolve(options.root, spec.cwd) : options.root;
  const started = process.hrtime.bigint();
  const result = await execa(spec.command, {
    shell: true,
    cwd,
    env: spec.env,
    reject: false,
    stdin: "ignore",
    stdout: "ignore",
    stderr: "pipe",
    timeout: spec.timeoutMs ?? options.timeoutMs,
  });
  const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.timedOut) {
    throw new MeasureError(
      spec.name,
      `benchmark ${spec.name}: command timed out after ${spec.timeoutMs ?? options.timeoutMs} ms: ${spec.command}`,
      `make it faster or raise "timeoutMs" for it in perfgate.config.json`,
    );
  }
  if (result.failed) {
    const why = result.signal
      ? `was killed by ${result.signal}`
      : result.exitCode !== undefined
        ? `exited with code ${result.exitCode}`
        : `could not start (${result.shortMessage})`;
    const stderr = lastLines(String(result.stderr ?? ""));
    throw new MeasureError(
      spec.name,
      `benchmark ${spec.name}: command ${why}: ${spec.command}${stderr ? `\n  stderr: ${stderr.replace(/\n/g, "\n          ")}` : ""}`,
      `run the command by hand in ${cwd} and fix it; perfgate only times commands that succeed`,
    );
  }
  return elapsedMs;
}
