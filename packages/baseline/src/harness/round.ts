import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { MeasureError } from "../errors.ts";
import { outputTail } from "../measure/output-tail.ts";
import { spawnGroup, timeExit } from "../measure/process-group.ts";
import { benchmarkNameProblem } from "../names.ts";
import type { HarnessBenchmark } from "../schema.ts";
import { adapterFor } from "./registry.ts";
import { HarnessOutputError } from "./types.ts";

/** A round's stdout is parsed whole: bounded, so a harness that floods it cannot exhaust memory. */
const MAX_STDOUT_BYTES = 64 * 1024 * 1024;

/** How an entry is named in messages: its prefix, else the harness and its command. */
export function entryLabel(entry: HarnessBenchmark): string {
  return entry.name ?? `${entry.harness} (${entry.run.length > 60 ? `${entry.run.slice(0, 57)}...` : entry.run})`;
}

/**
 * Run one round of a harness entry in the tree at `root` and read every benchmark's time per
 * iteration (ms) from the harness's own output. A failed, timed-out or unreadable round is a
 * MeasureError naming the entry; nothing of it is recorded.
 */
export async function runRound(entry: HarnessBenchmark, root: string, timeoutMs: number): Promise<Map<string, number>> {
  const adapter = adapterFor(entry.harness);
  const label = entryLabel(entry);
  let dir: string;
  try {
    dir = await mkdtemp(path.join(os.tmpdir(), "perfgate-round-"));
  } catch (error) {
    throw new MeasureError(
      label,
      `could not create a temporary folder for ${adapter.title}'s output in ${os.tmpdir()} (${(error as Error).message})`,
      "point TMPDIR at an existing, writable folder",
    );
  }
  try {
    const outFile = path.join(dir, "results.out");
    const command = adapter.roundCommand(entry.run, { outFile });
    const stdout: Buffer[] = [];
    let stdoutBytes = 0;
    const stderr = outputTail();
    const child = spawnGroup("/bin/sh", ["-c", command], {
      cwd: entry.cwd ? path.resolve(root, entry.cwd) : root,
      env: { ...process.env, ...entry.env, PERFGATE_HARNESS_OUTPUT: outFile },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.on("data", (c: Buffer) => {
      stdoutBytes += c.length;
      if (stdoutBytes <= MAX_STDOUT_BYTES) stdout.push(c);
      stderr.push(c); // a failing harness often explains itself on stdout
    });
    child.stderr?.on("data", (c: Buffer) => stderr.push(c));
    child.stdout?.on("error", () => {});
    child.stderr?.on("error", () => {});
    const exit = await timeExit(child, process.hrtime.bigint(), entry.timeoutMs ?? timeoutMs);
    const said = stderr.describe();
    const output = said ? `\n  output: ${said.replace(/\n/g, "\n          ")}` : "";
    if (exit.timedOut)
      throw new MeasureError(
        label,
        `${label}: a round of ${adapter.title} did not finish within ${entry.timeoutMs ?? timeoutMs} ms and was stopped (with everything it started): ${command}${output}`,
        `make the benchmarks shorter, or raise "timeoutMs" for this entry in perfgate.config.json`,
      );
    if (exit.spawnError || exit.code !== 0) {
      const notFound = exit.code === 127 || /command not found|not found|No module named/.test(said);
      throw new MeasureError(
        label,
        `${label}: ${adapter.title} ${exit.spawnError ? `could not start (${exit.spawnError.message})` : exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`} in ${root}: ${command}${output}`,
        notFound
          ? `${adapter.installHint}; if it is installed by "setup" in perfgate.config.json, check that setup installs it in every tree`
          : `run \`${entry.run}\` by hand in ${root} and fix it; if the tree needs building or installing first, put that in "setup"`,
      );
    }
    if (stdoutBytes > MAX_STDOUT_BYTES)
      throw new MeasureError(
        label,
        `${label}: ${adapter.title} printed ${stdoutBytes} bytes, more than perfgate reads (${MAX_STDOUT_BYTES})`,
        "make the harness print less (its results only)",
      );
    const text =
      adapter.output === "stdout"
        ? Buffer.concat(stdout).toString("utf8")
        : await readOutput(outFile, label, adapter.title);
    let samples: { name: string; ns: number }[];
    try {
      samples = adapter.parse(text);
    } catch (error) {
      if (!(error instanceof HarnessOutputError)) throw error;
      throw new MeasureError(label, `${label}: ${error.message}`, error.remedy);
    }
    const values = new Map<string, number>();
    for (const s of samples) {
      const name = entry.name ? `${entry.name}/${s.name}` : s.name;
      const problem = benchmarkNameProblem(name);
      if (problem)
        throw new MeasureError(
          label,
          `${label}: ${adapter.title} reported a benchmark named ${JSON.stringify(name.slice(0, 60))} that ${problem}`,
          "rename the benchmark: names are printed in CI logs and annotations",
        );
      values.set(name, s.ns / 1e6);
    }
    return values;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function readOutput(file: string, label: string, title: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    throw new MeasureError(
      label,
      `${label}: ${title} exited 0 but wrote no results to ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      "check that `run` starts the harness itself (perfgate adds the harness's output flags to the end of it)",
    );
  }
}
