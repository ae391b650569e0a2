import { type ChildProcess, type SpawnOptions, spawn } from "node:child_process";

/**
 * Every process perfgate starts (a benchmark's shell, a module-benchmark worker, git for paired
 * mode) leads its own process group, so a timeout or the end of a command can take down what it
 * started too: a shell's grandchild (`sleep 4 & true`) must neither keep perfgate waiting on a
 * pipe nor outlive the command. The groups still running are kept here, the one registry that
 * `killLiveGroups` empties when perfgate stops (on exit, and from the CLI's signal handlers:
 * detached groups get no Ctrl-C from the terminal, and a busy loop handles no message).
 */
export function spawnGroup(command: string, args: string[], options: SpawnOptions): ChildProcess {
  const child = spawn(command, args, { ...options, detached: true });
  if (child.pid === undefined) return child; // not started: its "error" event says why
  live.add(child);
  // A group ends with its leader: what the leader left behind is killed with it.
  child.once("exit", () => {
    killGroup(child);
    live.delete(child);
  });
  if (!exitHooked) {
    exitHooked = true;
    process.once("exit", killLiveGroups);
  }
  return child;
}

/** SIGKILL the whole group led by `child`; false when the group is already gone. */
export function killGroup(child: ChildProcess): boolean {
  if (child.pid === undefined) return false;
  try {
    process.kill(-child.pid, "SIGKILL");
    return true;
  } catch {
    return false; // ESRCH: the group has no members left.
  }
}

const live = new Set<ChildProcess>();
let exitHooked = false;

/** SIGKILL every process group perfgate started that is still running; returns how many there were. */
export function killLiveGroups(): number {
  let killed = 0;
  for (const child of live) if (killGroup(child)) killed++;
  return killed;
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
