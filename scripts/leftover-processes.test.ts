import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { MARKER, processesCarrying } from "./leftover-processes.ts";

// The check itself, against real processes: each test kills what it started, whatever happens.
const started: ChildProcess[] = [];
afterEach(() => {
  for (const c of started.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
});

/** Still running: a killed process whose parent does not reap it stays a zombie (State: Z), which is not. */
const running = (pid: number) => {
  try {
    return !/^State:\s*Z/m.test(readFileSync(`/proc/${pid}/status`, "utf8"));
  } catch {
    return false;
  }
};

/** Runs `script` (ESM, tsx) in a node process of its own; resolves to its exit code and output. */
function node(script: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    cwd: path.join(import.meta.dirname, ".."),
    stdio: ["ignore", "pipe", "pipe"],
  });
  started.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}

describe("processesCarrying", () => {
  it("finds a detached grandchild (own session, re-parented) by the marker, and only with its value", async () => {
    const value = `probe${process.pid}${Date.now()}`;
    // sh starts sleep in a new session and exits at once: sleep ends up under PID 1 (or a subreaper).
    const sh = spawn("sh", ["-c", "setsid sleep 600 </dev/null >/dev/null 2>&1 & echo $!"], {
      env: { ...process.env, [MARKER]: value },
      stdio: ["ignore", "pipe", "ignore"],
    });
    const pid = Number(await new Promise<string>((resolve) => sh.stdout.once("data", (d) => resolve(String(d)))));
    try {
      await new Promise((resolve) => sh.once("close", resolve));
      expect(running(pid)).toBe(true);
      // setsid execs sleep in the same process: poll until the command line is sleep's own.
      await expect.poll(() => processesCarrying(value)).toContainEqual({ pid, command: "sleep 600" });
      expect(processesCarrying(`${value}x`)).toEqual([]);
    } finally {
      process.kill(pid, "SIGKILL");
    }
  });
});

describe("the globalSetup's teardown", () => {
  it("names a process left behind, kills it and fails the run (exit code 1)", async () => {
    const r = await node(`
      import { spawn } from "node:child_process";
      import setup from "./scripts/leftover-processes.ts";
      const teardown = setup();
      const c = spawn("sleep", ["600"], { detached: true, stdio: "ignore" });
      c.unref();
      console.log(c.pid);
      await new Promise((r) => setTimeout(r, 200));
      teardown();
    `);
    const pid = Number(r.stdout.trim());
    expect(pid).toBeGreaterThan(0);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "leftover processes: 1 (started by this test run and still running after it; killed now)",
    );
    expect(r.stderr).toContain(`  pid ${pid}: sleep 600`);
    expect(r.stderr).toMatch(/remedy: make the test that started each one stop it/);
    await expect.poll(() => running(pid)).toBe(false);
  });

  it("passes a run that left nothing behind (a child that ended is no leftover)", async () => {
    const r = await node(`
      import { execFileSync } from "node:child_process";
      import setup from "./scripts/leftover-processes.ts";
      const teardown = setup();
      execFileSync("sh", ["-c", "sleep 0.1"]);
      teardown();
    `);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
  });

  it("gives each run a new value: a marker inherited from an outer run is not reused", async () => {
    const r = await node(`
      import setup from "./scripts/leftover-processes.ts";
      const before = process.env.${MARKER};
      setup();
      console.log(JSON.stringify([before, process.env.${MARKER}]));
    `);
    const [outer, inner] = JSON.parse(r.stdout) as [string, string];
    expect(outer).toBe(process.env[MARKER]);
    expect(inner).toMatch(/^[0-9a-f]{16}$/);
    expect(inner).not.toBe(outer);
  });
});
