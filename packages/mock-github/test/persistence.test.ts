import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { chmodSync, statSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import {
  CorruptStateError,
  createStore,
  readStateDirOwner,
  StateDirInUseError,
  startMockServer,
} from "../src/index.ts";
import { backendIds, control, registerRun, twirp, uploadRaw } from "./helpers.ts";

const pkgDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const cleanup: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});
async function tempDir() {
  const dir = await mkdtemp(path.join(os.tmpdir(), "mock-github-state-"));
  cleanup.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** `pnpm mock-github serve` as a separate process; resolves with its printed URL. */
async function serveCli(stateDir: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "src/cli.ts", "serve", "--port", "0", "--state", stateDir],
    {
      cwd: pkgDir,
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  cleanup.push(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGKILL");
    await once(child, "exit");
  });
  const [line] = (await once(createInterface({ input: child.stdout! }), "line")) as [string];
  return { url: line.trim(), child };
}

describe("persisted state", () => {
  // Item 16 of issue 11 (moved from test/hostile/: a 644 file from before is accepted and tightened).
  it("state.json holds the signing secret: written with mode 600, and a 644 file from before is tightened on open", async () => {
    const dir = await tempDir();
    const first = await startMockServer({ stateDir: dir });
    await registerRun(first.url);
    await first.close();
    const file = path.join(dir, "state.json");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    chmodSync(file, 0o644);
    const second = await startMockServer({ stateDir: dir });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    await second.close();
  });

  it("survives a server restart with the same state directory: runs, artifacts, bytes, tokens", async () => {
    const stateDir = await tempDir();
    const first = await startMockServer({ stateDir });
    const run = await registerRun(first.url, { repo: "o/r" });
    const artifactId = await uploadRaw(first.url, run.runtimeToken, "kept", Buffer.from("kept bytes"));
    await control(first.url, `runs/${run.id}/complete`, { conclusion: "success" });
    await first.close();
    expect(readStateDirOwner(stateDir)).toBeUndefined();

    const second = await startMockServer({ stateDir });
    cleanup.push(() => second.close());
    const runJson = await (
      await fetch(`${second.url}/repos/o/r/actions/runs/${run.id}`, { headers: { authorization: "token t" } })
    ).json();
    expect(runJson).toMatchObject({ id: run.id, conclusion: "success" });
    const zip = await fetch(`${second.url}/repos/o/r/actions/artifacts/${artifactId}/zip`, {
      headers: { authorization: "token t" },
    });
    expect(Buffer.from(await zip.arrayBuffer()).toString()).toBe("kept bytes");
    // The runtime token issued before the restart still opens the artifact service.
    const listed = await twirp(second.url, run.runtimeToken, "ListArtifacts", backendIds(run.runtimeToken));
    expect(listed.status).toBe(200);
    const next = await registerRun(second.url, { repo: "o/r" });
    expect(next.id).toBe(run.id + 1);
  });

  it("lets only one process write a state directory", async () => {
    const stateDir = await tempDir();
    const server = await startMockServer({ stateDir });
    cleanup.push(() => server.close());
    expect(readStateDirOwner(stateDir)).toMatchObject({ pid: process.pid, url: server.url });
    let error: unknown;
    try {
      createStore({ stateDir });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StateDirInUseError);
    expect((error as StateDirInUseError).remedy).toContain(server.url);
  });

  it("reads a state file from before runs had a head repository: each run's head is its own repository", async () => {
    const stateDir = await tempDir();
    const first = createStore({ stateDir });
    const { run } = await first.registerRun({
      repo: "o/old",
      workflow: "ci.yml",
      branch: "main",
      event: "push",
      sha: "a",
    });
    first.close();
    const file = path.join(stateDir, "state.json");
    const saved = JSON.parse(await readFile(file, "utf8")) as { runs: Record<string, unknown>[] };
    for (const r of saved.runs) delete r.headRepository;
    await writeFile(file, JSON.stringify(saved));
    const server = await startMockServer({ stateDir });
    cleanup.push(() => server.close());
    const served = (await (
      await fetch(`${server.url}/repos/o/old/actions/runs/${run.id}`, { headers: { authorization: "token t" } })
    ).json()) as { head_repository: { full_name: string } };
    expect(served.head_repository.full_name).toBe("o/old");
    expect(server.store.snapshot().runs[0]?.headRepository).toBe("o/old");
  });

  it("explains a corrupt state file instead of failing with a parse error", async () => {
    const stateDir = await tempDir();
    await writeFile(path.join(stateDir, "state.json"), "{ not json");
    expect(() => createStore({ stateDir })).toThrow(CorruptStateError);
    expect(readStateDirOwner(stateDir)).toBeUndefined(); // the failed open released the directory
  });

  it("shares state between separate CLI invocations", { timeout: 60_000 }, async () => {
    const stateDir = await tempDir();
    const first = await serveCli(stateDir);
    expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const { id } = await registerRun(first.url, { repo: "o/cli" });
    first.child.kill("SIGTERM");
    const [code] = await once(first.child, "exit");
    expect(code).toBe(0);

    const second = await serveCli(stateDir);
    const state = (await (await fetch(`${second.url}/_mock/state`)).json()) as { runs: { id: number; repo: string }[] };
    expect(state.runs).toEqual([expect.objectContaining({ id, repo: "o/cli" })]);
    // While it runs, another process refuses to open the directory and names the server.
    const other = spawn(process.execPath, ["--import", "tsx", "src/cli.ts", "serve", "--state", stateDir], {
      cwd: pkgDir,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    other.stderr!.on("data", (d) => {
      stderr += d;
    });
    const [otherCode] = await once(other, "exit");
    expect(otherCode).toBe(2); // the environment is unusable: the cli-kit contract's error exit
    expect(stderr).toMatch(/^mock-github: error: .*\n {2}remedy: /);
    expect(stderr).toContain(second.url);
    second.child.kill("SIGTERM");
    await once(second.child, "exit");
  });
});
