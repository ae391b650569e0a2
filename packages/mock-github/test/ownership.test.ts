import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createStore, readStateDirOwner, StateDirInUseError } from "../src/index.ts";

const children: ChildProcess[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function holder(stateDir: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(import.meta.dirname, "fixtures/hold-state-dir.ts"), stateDir],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  children.push(child);
  const [line] = (await once(child.stdout!, "data")) as [Buffer];
  expect(line.toString()).toContain("ready");
  return child;
}

describe("state directory ownership (proper-lockfile)", () => {
  it("refuses a second owner while the first process lives, naming its pid", { timeout: 60_000 }, async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "mock-github-own-"));
    dirs.push(dir);
    const child = await holder(dir);
    expect(readStateDirOwner(dir)).toMatchObject({ pid: child.pid });
    expect(() => createStore({ stateDir: dir })).toThrow(StateDirInUseError);
    expect(() => createStore({ stateDir: dir })).toThrow(new RegExp(`process ${child.pid}`));
  });

  it("takes over from an owner killed with SIGKILL once its lock is stale, then refuses the next newcomer", {
    timeout: 60_000,
  }, async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "mock-github-own-"));
    dirs.push(dir);
    const child = await holder(dir);
    child.kill("SIGKILL");
    await once(child, "exit");
    expect(readStateDirOwner(dir)).toBeUndefined(); // a dead pid owns nothing
    const first = createStore({ stateDir: dir }); // waits for the stale lock, then takes it
    try {
      expect(readStateDirOwner(dir)).toMatchObject({ pid: process.pid });
      expect(() => createStore({ stateDir: dir })).toThrow(StateDirInUseError);
    } finally {
      first.close();
    }
    expect(readStateDirOwner(dir)).toBeUndefined();
  });
});
