import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import lockfile from "proper-lockfile";
import { StateDirInUseError } from "../errors.ts";

/**
 * One process writes a state directory: the one holding its lock (proper-lockfile's
 * `owner.lock`, refreshed while the process lives). `owner.json` beside it says who that is and
 * where it serves, so everyone else talks to that server over HTTP.
 */
export type StateDirOwner = { pid: number; url: string | null; since: string };

const OWNER_FILE = "owner.json";
const LOCK = "owner.lock";
// A dead owner's lock is taken over once it has not been refreshed for STALE_MS.
const STALE_MS = 5_000;
const lockOptions = (stateDir: string) => ({
  realpath: false,
  lockfilePath: path.join(stateDir, LOCK),
  stale: STALE_MS,
  update: 1_000,
  onCompromised: () => {}, // a lost lock is found out by the next owner, not by crashing this one
});

function readOwnerFile(stateDir: string): StateDirOwner | undefined {
  try {
    const owner = JSON.parse(readFileSync(path.join(stateDir, OWNER_FILE), "utf8")) as StateDirOwner;
    return typeof owner.pid === "number" ? owner : undefined;
  } catch {
    return undefined;
  }
}

/** Who serves a state directory now, or undefined if nobody holds it. */
export function readStateDirOwner(stateDir: string): StateDirOwner | undefined {
  try {
    if (!lockfile.checkSync(stateDir, lockOptions(stateDir))) return undefined;
  } catch {
    return undefined;
  }
  const owner = readOwnerFile(stateDir);
  return owner && isAlive(owner.pid) ? owner : undefined;
}

export function acquireStateDir(stateDir: string): { setUrl(url: string): void; release(): void } {
  const release = lockWaitingForDeadOwner(stateDir);
  const file = path.join(stateDir, OWNER_FILE);
  const mine: StateDirOwner = { pid: process.pid, url: null, since: new Date().toISOString() };
  const write = () => writeFileSync(file, JSON.stringify(mine));
  write();
  let released = false;
  return {
    setUrl(url) {
      mine.url = url;
      write();
    },
    release() {
      if (released) return;
      released = true;
      rmSync(file, { force: true });
      try {
        release();
      } catch {
        // already taken over (compromised): nothing of ours to remove
      }
    },
  };
}

/**
 * Takes the lock. A live owner (even this process, through another store) keeps it: that is a
 * StateDirInUseError. An owner that died leaves a lock that goes stale within STALE_MS; only
 * then is it taken over, by proper-lockfile, so two newcomers cannot both take it.
 */
function lockWaitingForDeadOwner(stateDir: string): () => void {
  const deadline = Date.now() + STALE_MS + 2_000;
  for (;;) {
    try {
      return lockfile.lockSync(stateDir, lockOptions(stateDir));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ELOCKED") throw error;
      const owner = readOwnerFile(stateDir);
      if (owner && isAlive(owner.pid)) throw new StateDirInUseError(stateDir, owner.pid, owner.url ?? undefined);
      if (Date.now() > deadline) throw new StateDirInUseError(stateDir, owner?.pid ?? 0, undefined);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250); // a short sync sleep
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
