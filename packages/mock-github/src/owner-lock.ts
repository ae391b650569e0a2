import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { StateDirInUseError } from "./errors.ts";

/**
 * One process writes a state directory: the one holding `owner.json`. Everyone else reads
 * the owner's URL from it and talks to that server over HTTP.
 */
export type StateDirOwner = { pid: number; url: string | null; since: string };

const OWNER_FILE = "owner.json";

export function readStateDirOwner(stateDir: string): StateDirOwner | undefined {
  try {
    const owner = JSON.parse(readFileSync(path.join(stateDir, OWNER_FILE), "utf8")) as StateDirOwner;
    return typeof owner.pid === "number" && isAlive(owner.pid) ? owner : undefined;
  } catch {
    return undefined;
  }
}

export function acquireStateDir(stateDir: string): { setUrl(url: string): void; release(): void } {
  const file = path.join(stateDir, OWNER_FILE);
  const write = (owner: StateDirOwner, flag: "wx" | "w") => writeFileSync(file, JSON.stringify(owner), { flag });
  const mine: StateDirOwner = { pid: process.pid, url: null, since: new Date().toISOString() };
  try {
    write(mine, "wx");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    const current = readStateDirOwner(stateDir);
    // A live owner (even this process, through another store) keeps the directory.
    if (current) throw new StateDirInUseError(stateDir, current.pid, current.url ?? undefined);
    write(mine, "w"); // the previous owner died without cleaning up
  }
  let released = false;
  return {
    setUrl(url) {
      mine.url = url;
      write(mine, "w");
    },
    release() {
      if (released) return;
      released = true;
      rmSync(file, { force: true });
    },
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
