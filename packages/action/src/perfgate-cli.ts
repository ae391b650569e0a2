import { spawn } from "node:child_process";
import path from "node:path";

export interface CliResult {
  exitCode: number;
  output: string;
}

/** dist/perfgate.cjs beside this bundle (build.mjs copies it there). */
export function cliPath(): string {
  return path.join(__dirname, "perfgate.cjs");
}

/**
 * Runs the perfgate CLI itself, so the action measures, decides, annotates and writes its
 * summary and reports exactly as `perfgate` does (and picks up every check mode it gains).
 * Output is passed through as it comes (the runner reads workflow commands from it) and kept.
 */
export function runPerfgate(args: string[], cwd: string, cli = cliPath()): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      process.stdout.write(chunk);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      process.stderr.write(chunk);
    });
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ exitCode: code ?? (signal ? 2 : 0), output }));
  });
}

/** The report files `perfgate check` names on its "Reports: a, b, c" line (relative to cwd). */
export function reportFiles(output: string): string[] {
  const line = output.split(/\r?\n/).find((l) => l.startsWith("Reports: "));
  return line
    ? line
        .slice("Reports: ".length)
        .split(", ")
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
}
