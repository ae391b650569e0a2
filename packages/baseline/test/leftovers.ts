import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";

/**
 * Which processes a test started are still running. The test gives the perfgate it spawns a
 * unique value of PERFGATE_TEST_MARK; everything perfgate starts inherits it (benchmark shells,
 * their children, module workers, git), whatever its command line or parent (an orphan moves to
 * PID 1 and keeps its environment). The repository-wide check of the test run uses another
 * variable (PERFGATE_TEST_RUN); this one is per test, so a failure names the test that leaked.
 */
export const MARK_ENV = "PERFGATE_TEST_MARK";

/** A fresh mark: `{ [MARK_ENV]: mark }` goes into the spawned perfgate's environment. */
export function newMark(): string {
  return randomBytes(8).toString("hex");
}

export interface Leftover {
  pid: number;
  command: string;
}

/** Running processes whose environment holds MARK_ENV=mark (unreadable or vanished entries are skipped). */
export function processesMarked(mark: string): Leftover[] {
  const needle = Buffer.from(`\0${MARK_ENV}=${mark}\0`);
  const found: Leftover[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // A leading NUL so the first variable matches too; a zombie's environ is empty.
      const environ = Buffer.concat([Buffer.from([0]), readFileSync(`/proc/${name}/environ`), Buffer.from([0])]);
      if (!environ.includes(needle)) continue;
      const command = readFileSync(`/proc/${name}/cmdline`, "utf8").split("\0").join(" ").trim();
      found.push({ pid: Number(name), command });
    } catch {
      // EACCES, or the process ended while being read.
    }
  }
  return found;
}

/**
 * The marked processes still running after `graceMs`: a SIGKILLed process takes a moment to go,
 * a leaked one (an orphaned `sleep 611`, a spinning worker) is still there. Any that remain are
 * SIGKILLed here, so one leaking test does not load the machine for the tests after it.
 */
export async function leftoverProcesses(mark: string, graceMs = 2000): Promise<Leftover[]> {
  const deadline = Date.now() + graceMs;
  let left = processesMarked(mark);
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    left = processesMarked(mark);
  }
  for (const p of left) {
    try {
      process.kill(p.pid, "SIGKILL");
    } catch {
      // Gone already.
    }
  }
  return left;
}
