import { type ChildProcess, type SpawnOptions, spawn } from "node:child_process";

/**
 * Every process perfgate starts for a benchmark leads its own process group, so a timeout or the
 * end of a command can take down what it started too: a shell's grandchild (`sleep 4 & true`)
 * must neither keep perfgate waiting on a pipe nor outlive the command.
 */
export function spawnGroup(command: string, args: string[], options: SpawnOptions): ChildProcess {
  const child = spawn(command, args, { ...options, detached: true });
  live.add(child);
  child.once("exit", () => live.delete(child));
  return child;
}

/** SIGKILL the whole group led by `child` (ignores a group that is already gone). */
export function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    // ESRCH: the group has no members left.
  }
}

// Groups still running when perfgate itself is told to stop (Ctrl-C, a CI cancel).
const live = new Set<ChildProcess>();
let hooked = false;

/** Kill every benchmark group still running when this process exits or is interrupted. */
export function killGroupsOnExit(): void {
  if (hooked) return;
  hooked = true;
  process.once("exit", () => {
    for (const child of live) killGroup(child);
  });
}

export interface TimedExit {
  /** Wall time from spawn to the process's exit (not to its pipes closing), in ms. */
  elapsedMs: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** The process could not be started at all. */
  spawnError?: Error;
}

/**
 * Wait for `child` to exit, or kill its group after `timeoutMs`. Timing stops at the exit event:
 * a grandchild that keeps stderr open does not count. The group is killed afterwards either way.
 */
export function timeExit(child: ChildProcess, started: bigint, timeoutMs: number): Promise<TimedExit> {
  return new Promise((resolve) => {
    let timedOut = false;
    let done = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child);
    }, timeoutMs);
    const finish = (result: Omit<TimedExit, "elapsedMs" | "timedOut">) => {
      if (done) return;
      done = true;
      const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
      clearTimeout(timer);
      killGroup(child);
      resolve({ elapsedMs, timedOut, ...result });
    };
    child.once("error", (error) => finish({ code: null, signal: null, spawnError: error }));
    child.once("exit", (code, signal) => finish({ code, signal }));
  });
}
