import { type ChildProcess, spawn } from "node:child_process";
import { constants } from "node:os";
import path from "node:path";

export interface CliResult {
  exitCode: number;
  output: string;
}

/** dist/perfgate.cjs beside this bundle (build.mjs copies it there). */
export function cliPath(): string {
  return path.join(__dirname, "perfgate.cjs");
}

/** The perfgate process running now, if any: a stop signal is passed on to it. */
let running: ChildProcess | undefined;

/**
 * Runs the perfgate CLI itself, so the action measures, decides, annotates and writes its
 * summary and reports exactly as `perfgate` does (and picks up every check mode it gains).
 * Output is passed through as it comes (the runner reads workflow commands from it) and kept.
 * It runs in a process group of its own, which a stop signal reaches through forwardStopSignals.
 */
export function runPerfgate(args: string[], cwd: string, cli = cliPath()): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd, stdio: ["ignore", "pipe", "pipe"], detached: true });
    running = child;
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
    child.on("close", (code, signal) => {
      if (running === child) running = undefined;
      resolve({ exitCode: code ?? (signal ? 2 : 0), output });
    });
  });
}

const STOP_SIGNALS = ["SIGTERM", "SIGINT"] as const;
/** How long a stopped perfgate may take to clean up (its worktree, its benchmarks) before it is killed. */
const GRACE_MS = 10_000;

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // The group is gone already.
  }
}

/**
 * A cancelled job signals the action's process. Node would just exit and leave `perfgate check`
 * (and the benchmark it runs, and the base commit's worktree) running under PID 1. So the signal
 * goes on to perfgate's process group; perfgate stops what it started and removes its worktree;
 * once it has exited, the action exits with 128 + the signal's number, as perfgate does.
 */
export function forwardStopSignals(onStopped: (signal: NodeJS.Signals, stoppedChild: boolean) => void): void {
  let stopping = false;
  for (const signal of STOP_SIGNALS) {
    process.on(signal, () => {
      const child = running;
      const exit = () => process.exit(128 + constants.signals[signal]);
      if (stopping) {
        // A second signal (the runner's SIGTERM after its SIGINT) is passed on too.
        if (child) signalGroup(child, signal);
        return;
      }
      stopping = true;
      if (!child || child.exitCode !== null || child.signalCode !== null) {
        onStopped(signal, false);
        exit();
        return;
      }
      child.once("close", () => {
        onStopped(signal, true);
        exit();
      });
      signalGroup(child, signal);
      setTimeout(() => signalGroup(child, "SIGKILL"), GRACE_MS);
    });
  }
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
