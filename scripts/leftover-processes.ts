import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";

/**
 * "No process of ours outlives a test" (issue 11), checked once for the whole run: the root
 * vitest config's globalSetup puts `PERFGATE_TEST_RUN=<random>` into the environment before the
 * test workers start. Workers inherit it, and so does everything they spawn (children,
 * grandchildren, a detached process group: the environment survives setsid and re-parenting to
 * PID 1). When the run ends, any process still carrying this run's value was started by it and
 * left behind: it is named, killed, and the run fails.
 *
 * A test that spawns with a replaced environment (`env: {...}` without `...process.env`, execa's
 * `extendEnv: false`) must pass `PERFGATE_TEST_RUN` through, or its processes are invisible here.
 */
export const MARKER = "PERFGATE_TEST_RUN";

export interface Leftover {
  pid: number;
  /** Its command line (argv joined by spaces), or `[name]` when it has none. */
  command: string;
}

const read = (file: string): string | undefined => {
  try {
    return readFileSync(file, "latin1");
  } catch {
    return undefined; // gone meanwhile, or not ours to read
  }
};

/** The parent of `pid` (from /proc/<pid>/status), or undefined when it cannot be read. */
function parentOf(pid: number, proc: string): number | undefined {
  const ppid = /^PPid:\s*(\d+)$/m.exec(read(`${proc}/${pid}/status`) ?? "")?.[1];
  return ppid === undefined ? undefined : Number(ppid);
}

/**
 * Every process whose environment holds `PERFGATE_TEST_RUN=<value>`, except `self` and the
 * processes vitest itself still runs for this run (`isRunner`: its own workers, direct children of
 * `self`). Entries that cannot be read (another user's process, one that just ended, a zombie
 * with no environment left) are skipped.
 */
export function processesCarrying(
  value: string,
  self: number = process.pid,
  proc = "/proc",
  isRunner: (command: string) => boolean = (command) => /[\\/]vitest[\\/]dist[\\/]/.test(command),
): Leftover[] {
  const needle = `${MARKER}=${value}`;
  const found: Leftover[] = [];
  for (const entry of readdirSync(proc)) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === self) continue;
    const environ = read(`${proc}/${entry}/environ`);
    if (!environ?.split("\0").includes(needle)) continue;
    const argv = (read(`${proc}/${entry}/cmdline`) ?? "").split("\0").filter(Boolean);
    const command = argv.length > 0 ? argv.join(" ") : `[${(read(`${proc}/${entry}/comm`) ?? "?").trim()}]`;
    if (parentOf(pid, proc) === self && isRunner(command)) continue;
    found.push({ pid, command });
  }
  return found;
}

/** The report of leftovers: one summary line, then one line per process. */
export function leftoverReport(leftovers: readonly Leftover[]): string {
  return [
    `leftover processes: ${leftovers.length} (started by this test run and still running after it; killed now)`,
    ...leftovers.map((l) => `  pid ${l.pid}: ${l.command.length > 300 ? `${l.command.slice(0, 300)}...` : l.command}`),
    "  remedy: make the test that started each one stop it (and what it started) in its own teardown;",
    `  a test that spawns with a replaced env must pass ${MARKER} through (docs/architecture.md, Conventions)`,
  ].join("\n");
}

/** vitest globalSetup: mark the run, and in teardown fail it for every process left behind. */
export default function setup(): () => void {
  // Always a new value: one inherited from an outer run would make this run judge (and kill) that one's processes.
  const value = randomBytes(8).toString("hex");
  process.env[MARKER] = value;
  return () => {
    const leftovers = processesCarrying(value);
    if (leftovers.length === 0) return;
    process.stderr.write(`\n${leftoverReport(leftovers)}\n`);
    for (const { pid } of leftovers) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // ended meanwhile
      }
    }
    process.exitCode = 1;
  };
}
