import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { promises as fs } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { BASELINE_REL, listTree, runCli, tempProject } from "../helpers.ts";

// Hostile benchmarks: each must end the command with exit 2 naming the benchmark, leave the
// existing baseline as it was, and leave no process behind.

const KEEP = JSON.stringify({ keep: true });

async function project(config: object, files: Record<string, string> = {}) {
  return tempProject({ "perfgate.config.json": JSON.stringify(config), [BASELINE_REL]: KEEP, ...files });
}

async function fingerprint(dir: string): Promise<string> {
  const hash = createHash("sha256");
  for (const f of await listTree(dir)) hash.update(`${f}\0${await fs.readFile(path.join(dir, f))}\0`);
  return hash.digest("hex");
}

/** Processes whose command line mentions `marker` (a unique path of the test's project). */
function processesMentioning(marker: string): string[] {
  const ps = execFileSync("ps", ["-eo", "pid,args"], { encoding: "utf8" });
  return ps.split("\n").filter((l) => l.includes(marker) && !l.includes("ps -eo"));
}

const mod = (body: string) => ({ "bench/b.mjs": body });
const oneModule = (extra: object = {}) => ({
  samplesPerRun: 3,
  moduleTimeMs: 20,
  timeoutMs: 3000,
  ...extra,
  benchmarks: [
    { name: "bad", module: "bench/b.mjs", export: "bad" },
    { name: "ok", module: "bench/b.mjs", export: "ok" },
  ],
});

let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) expect(processesMentioning(d), "a process of ours outlived the command").toEqual([]);
  dirs = [];
});

async function expectRefused(
  dir: string,
  args: string[],
  message: RegExp,
  remedy: RegExp,
  env: Record<string, string> = {},
) {
  dirs.push(dir);
  const before = await fingerprint(dir);
  const r = await runCli(args, { cwd: dir, env });
  expect(r.code, r.output).toBe(2);
  expect(r.output).toMatch(message);
  expect(r.output).toMatch(remedy);
  expect(await fingerprint(dir)).toBe(before); // nothing lost, nothing half-written
  return r;
}

describe("hostile module benchmarks", () => {
  it("process.exit(0) in a benchmark cannot pass the gate (establish)", async () => {
    const dir = await project(
      oneModule(),
      mod("export function bad(){ process.exit(0) }\nexport function ok(){ return 1 }"),
    );
    await expectRefused(
      dir,
      ["establish", "--runs", "1"],
      /benchmark bad: the process measuring it exited with code 0 before reporting a result/,
      /remedy: a benchmark must return .*remove process\.exit/,
    );
  });

  it("process.exit(0) in a benchmark cannot pass the gate (check, in GitHub Actions)", async () => {
    const dir = await project(
      oneModule(),
      mod("export function bad(){ process.exit(0) }\nexport function ok(){ return 1 }"),
    );
    await fs.writeFile(
      path.join(dir, BASELINE_REL),
      JSON.stringify(
        (await import("../helpers.ts")).baselineDoc({ bad: [0.01, 0.01, 0.01, 0.01], ok: [0.01, 0.01, 0.01, 0.01] }),
      ),
    );
    const r = await expectRefused(
      dir,
      ["check", "--no-reports", "--runs", "1"],
      /benchmark bad: the process measuring it exited with code 0/,
      /remove process\.exit/,
      { GITHUB_ACTIONS: "true" },
    );
    expect(r.stdout).toMatch(/::error title=Benchmark failed%3A bad::/);
  });

  it("a promise that never settles is stopped at timeoutMs and named", async () => {
    const dir = await project(
      oneModule({ timeoutMs: 1500 }),
      mod("export function bad(){ return new Promise(() => {}) }\nexport function ok(){ return 1 }"),
    );
    await expectRefused(
      dir,
      ["establish", "--runs", "1"],
      /benchmark bad did not finish within 1500 ms and was stopped \(an endless loop, or a promise that never settles\?\)/,
      /raise "timeoutMs"/,
    );
  });

  it("an endless synchronous loop is stopped at the module's own timeoutMs", async () => {
    const config = {
      samplesPerRun: 3,
      moduleTimeMs: 20,
      benchmarks: [{ name: "bad", module: "bench/b.mjs", export: "bad", timeoutMs: 1500 }],
    };
    const dir = await project(config, mod("export function bad(){ for(;;){} }"));
    await expectRefused(dir, ["establish", "--runs", "1"], /benchmark bad did not finish within 1500 ms/, /timeoutMs/);
  });

  it("a module whose top level exits takes only itself down", async () => {
    const config = {
      samplesPerRun: 3,
      moduleTimeMs: 20,
      benchmarks: [
        { name: "bad", module: "bench/exits.mjs" },
        { name: "ok", module: "bench/b.mjs", export: "ok" },
      ],
    };
    const dir = await project(config, {
      "bench/exits.mjs": "process.exit(3)\n",
      "bench/b.mjs": "export function ok(){ return 1 }",
    });
    const r = await expectRefused(
      dir,
      ["establish", "--runs", "1"],
      /benchmark bad: the process measuring it exited with code 3/,
      /remedy/,
    );
    expect(r.stderr).toContain("no baseline written (1 benchmark(s) failed)");
  });

  it("a benchmark's console.log does not break --json", async () => {
    dirs.push(
      await project(
        {
          samplesPerRun: 3,
          moduleTimeMs: 20,
          benchmarks: [{ name: "chatty", module: "bench/b.mjs", export: "chatty" }],
        },
        mod('export function chatty(){ console.log("{ not json"); return 1 }'),
      ),
    );
    const r = await runCli(["establish", "--runs", "1", "--json", "--out", "fresh.json"], { cwd: dirs[0]! });
    expect(r.code, r.output).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ outcome: "written" });
  });
});

describe("hostile command benchmarks", () => {
  it("a command past timeoutMs is stopped with everything it started (not after the grandchild ends)", async () => {
    const dir = await project({ timeoutMs: 1000, benchmarks: [{ name: "slow", command: "sleep 30" }] });
    const started = Date.now();
    await expectRefused(
      dir,
      ["establish", "--runs", "1"],
      /benchmark slow: command timed out after 1000 ms and was stopped \(with everything it started\): sleep 30/,
      /raise "timeoutMs"/,
    );
    // Not a speed target: 30 s would mean the timeout did not stop the shell's child.
    expect(Date.now() - started).toBeLessThan(25_000);
  });

  it("a backgrounded grandchild neither counts in the timing nor outlives the run", async () => {
    const dir = await tempProject({
      "perfgate.config.json": JSON.stringify({
        samplesPerRun: 3,
        warmup: 0,
        benchmarks: [{ name: "bg", command: `sleep 20 & true # ${"marker"}` }],
      }),
    });
    dirs.push(dir);
    const r = await runCli(["establish", "--runs", "1", "--json"], { cwd: dir });
    expect(r.code, r.output).toBe(0);
    const doc = JSON.parse(await fs.readFile(path.join(dir, BASELINE_REL), "utf8"));
    // The shell exits at once; a timing of ~20 s would be the pipe held by `sleep 20`.
    expect(Math.max(...doc.benchmarks[0].samples)).toBeLessThan(10_000);
    expect(processesMentioning("sleep 20 & true")).toEqual([]);
  });

  it("300 MB on stderr: bounded memory, a short message that says output was cut", async () => {
    const dir = await project({
      benchmarks: [{ name: "loud", command: "head -c 300000000 /dev/zero | tr '\\0' 'x' >&2; exit 1" }],
    });
    const r = await expectRefused(
      dir,
      ["establish", "--runs", "1"],
      /benchmark loud: command exited with code 1/,
      /run the command by hand/,
    );
    expect(r.stderr.length).toBeLessThan(10_000);
    expect(r.stderr).toMatch(/output cut: 286\.1 MiB in all, only the end is shown/);
  });
});
