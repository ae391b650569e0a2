import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

/** Run a program; resolves with its output, rejects naming it and its stderr. */
export function run(
  cmd: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      cmd,
      args,
      { cwd: options.cwd, env: options.env ?? process.env, timeout: options.timeoutMs ?? 300_000, maxBuffer: 1 << 26 },
      (error, stdout, stderr) =>
        error ? reject(new Error(`${cmd} ${args.join(" ")}: ${error.message}\n${stderr}`)) : resolve(String(stdout)),
    );
  });
}

const onPath = (tool: string) =>
  (process.env["PATH"] ?? "").split(path.delimiter).some((d) => d && existsSync(path.join(d, tool)));

/**
 * hyperfine, installed with apt-get when it is missing (as root on Debian, as CI's machine is):
 * the import tests run the real tool, never a file shaped by hand. Anywhere else the test fails
 * saying how to install it (never skipped).
 */
export async function ensureHyperfine(): Promise<string> {
  if (onPath("hyperfine")) return "hyperfine";
  if (process.getuid?.() !== 0 || !onPath("apt-get"))
    throw new Error("hyperfine is not installed; install it (Debian: apt-get install hyperfine) to run these tests");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  await run("apt-get", ["install", "-y", "-q", "hyperfine"], { env }).catch(async () => {
    await run("apt-get", ["update", "-q"], { env });
    await run("apt-get", ["install", "-y", "-q", "hyperfine"], { env });
  });
  return "hyperfine";
}

/** A virtual environment in `dir` with pytest-benchmark installed from PyPI; returns its python. */
export async function pytestBenchmarkVenv(dir: string): Promise<string> {
  await run("python3", ["-m", "venv", dir]);
  const python = path.join(dir, "bin", "python");
  await run(python, ["-m", "pip", "install", "-q", "--disable-pip-version-check", "pytest-benchmark"]);
  return python;
}
