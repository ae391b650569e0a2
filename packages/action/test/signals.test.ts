import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { startMockServer } from "@perfgate/mock-github";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Mock, mockRun, mockStep, TOKEN } from "./mock-step.ts";
import { commitAll, pullRequestEvent, startAction } from "./run-action.ts";

/** Live (not zombie) processes whose environment carries `marker`: the tree one action started. */
function processesWith(marker: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const state = /\) (\S)/.exec(readFileSync(`/proc/${entry}/stat`, "latin1"))?.[1];
      if (state === "Z" || state === "X") continue;
      if (readFileSync(`/proc/${entry}/environ`, "latin1").split("\0").includes(marker)) found.push(Number(entry));
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}

async function until<T>(what: string, probe: () => T | undefined, limitMs: number): Promise<T> {
  const end = Date.now() + limitMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const worktrees = (dir: string) =>
  execFileSync("git", ["worktree", "list", "--porcelain"], { cwd: dir, encoding: "utf8" })
    .split("\n")
    .filter((l) => l.startsWith("worktree "))
    .map((l) => l.slice("worktree ".length));

// A cancelled job: the runner signals the action's process. perfgate check (and the benchmark
// it runs, in the PR's tree and in the base commit's worktree) must stop with it.
describe("perfgate action stopped by a signal", () => {
  let mock: Mock;
  const dirs: string[] = [];
  const marker = `PG_ACTION_SIGNAL_TEST=${randomBytes(6).toString("hex")}`;

  beforeAll(async () => {
    mock = await startMockServer();
  });
  afterAll(async () => {
    // What a broken action left running must not outlive this file.
    for (const pid of processesWith(marker)) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    await mock?.close();
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it("SIGTERM reaches perfgate check and its benchmark; no process or worktree is left; exit 143", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "pg-action-signal-"));
    const state = await mkdtemp(path.join(tmpdir(), "pg-action-signal-state-"));
    dirs.push(dir, state);
    const flag = path.join(state, "hang");
    const pids = path.join(state, "pids");
    await mkdir(pids);
    await writeFile(path.join(dir, "package.json"), '{"name":"sample","type":"module"}\n');
    // A command benchmark that, once the flag file exists, records its pid and never ends.
    await writeFile(
      path.join(dir, "hang.cjs"),
      `const fs = require("node:fs");\nif (fs.existsSync(${JSON.stringify(flag)})) {\n  fs.writeFileSync(${JSON.stringify(pids)} + "/" + process.pid, "");\n  setInterval(() => {}, 1000);\n}\n`,
    );
    await writeFile(
      path.join(dir, "perfgate.config.json"),
      `${JSON.stringify({ samplesPerRun: 3, warmup: 0, benchmarks: [{ name: "hang", command: "node hang.cjs", timeoutMs: 600_000 }] })}\n`,
    );
    const base = commitAll(dir);
    const main = await mockStep(mock, dir, { event: "push", branch: "main", inputs: { runs: "1" } });
    expect(main.exitCode, main.stdout + main.stderr).toBe(0);
    await rm(path.join(dir, "metrics"), { recursive: true, force: true });
    commitAll(dir, "the pull request"); // its own commit: a base equal to HEAD pairs nothing

    await writeFile(flag, "");
    const { env } = await mockRun(mock, { event: "pull_request", branch: "feature/cancelled" });
    const [name, value] = marker.split("=") as [string, string];
    const eventFile = await pullRequestEvent(base);
    dirs.push(path.dirname(eventFile));
    const action = await startAction({
      workspace: dir,
      inputs: { "github-token": TOKEN, runs: "1" },
      env: { ...env, GITHUB_EVENT_PATH: eventFile, [name]: value },
    });
    let exited = false;
    void action.done.then(() => {
      exited = true;
    });
    // Paired mode: the base commit is checked out beside the PR, and the benchmark hangs in one tree.
    await until("the benchmark to start", () => (exited || readdirSync(pids).length > 0 ? true : undefined), 120_000);
    expect(exited, "the action ended before its benchmark hung").toBe(false);
    const during = worktrees(dir);
    expect(during).toHaveLength(2);
    const hung = readdirSync(pids).map(Number);
    expect(processesWith(marker)).toEqual(expect.arrayContaining(hung));

    action.child.kill("SIGTERM");
    const res = await action.done;
    expect(res.exitCode, res.stdout + res.stderr).toBe(143);
    expect(res.stderr).toContain("stopped by SIGTERM");
    expect(res.stdout).toContain("perfgate was stopped by SIGTERM");
    // SIGKILLed processes leave /proc a moment after their killer exits.
    const left = await until(
      "the stopped processes to go",
      () => (processesWith(marker).length === 0 ? [] : undefined),
      15_000,
    ).catch(() => processesWith(marker));
    expect(left).toEqual([]);
    expect(worktrees(dir)).toEqual([during[0]]);
    expect(existsSync(during[1]!)).toBe(false);
  });
});
