import { promises as fs } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BASELINE_REL, baselineDoc, removeTempProjects, tempProject } from "../helpers.ts";
import { expectOutcome, expectRefused } from "./harness.ts";

// Hostile benchmarks: each must end the command with exit 2 naming the benchmark, leave the
// existing baseline as it was, and leave no process behind (the harness checks every process the
// run started, by the PERFGATE_TEST_MARK in its environment).

const KEEP = JSON.stringify({ keep: true });

async function project(config: object, files: Record<string, string> = {}) {
  return tempProject({ "perfgate.config.json": JSON.stringify(config), [BASELINE_REL]: KEEP, ...files });
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

afterAll(removeTempProjects);

describe("hostile module benchmarks", () => {
  it("process.exit(0) in a benchmark cannot pass the gate (establish)", async () => {
    const dir = await project(
      oneModule(),
      mod("export function bad(){ process.exit(0) }\nexport function ok(){ return 1 }"),
    );
    await expectRefused(dir, ["establish", "--runs", "1"], {
      code: 2,
      message: /benchmark bad: the process measuring it exited with code 0 before reporting a result/,
      remedy: /a benchmark must return .*remove process\.exit/,
    });
  });

  it("process.exit(0) in a benchmark cannot pass the gate (check, in GitHub Actions)", async () => {
    const dir = await project(
      oneModule(),
      mod("export function bad(){ process.exit(0) }\nexport function ok(){ return 1 }"),
    );
    await fs.writeFile(
      path.join(dir, BASELINE_REL),
      JSON.stringify(baselineDoc({ bad: [0.01, 0.01, 0.01, 0.01], ok: [0.01, 0.01, 0.01, 0.01] })),
    );
    const r = await expectOutcome(dir, ["check", "--no-reports", "--runs", "1"], {
      code: 2,
      says: /^! error +bad +benchmark bad: the process measuring it exited with code 0/,
      remedy: /^ {4}remedy: a benchmark must return .*remove process\.exit/,
      env: { GITHUB_ACTIONS: "true" },
    });
    expect(r.stdout).toMatch(/^Performance check incomplete: 1 failed to run/m);
    expect(r.stdout).toMatch(/::error title=Benchmark failed%3A bad::.*remove process\.exit/);
  });

  it("a promise that never settles is stopped at timeoutMs and named", async () => {
    const dir = await project(
      oneModule({ timeoutMs: 1500 }),
      mod("export function bad(){ return new Promise(() => {}) }\nexport function ok(){ return 1 }"),
    );
    await expectRefused(dir, ["establish", "--runs", "1"], {
      code: 2,
      message:
        /benchmark bad did not finish within 1500 ms and was stopped \(an endless loop, or a promise that never settles\?\)/,
      remedy: /make it return; if it is just slow, raise "timeoutMs"/,
    });
  });

  it("an endless synchronous loop is stopped at the module's own timeoutMs", async () => {
    const config = {
      samplesPerRun: 3,
      moduleTimeMs: 20,
      benchmarks: [{ name: "bad", module: "bench/b.mjs", export: "bad", timeoutMs: 1500 }],
    };
    const dir = await project(config, mod("export function bad(){ for(;;){} }"));
    await expectRefused(dir, ["establish", "--runs", "1"], {
      code: 2,
      message: /benchmark bad did not finish within 1500 ms/,
      remedy: /make it return; if it is just slow, raise "timeoutMs"/,
    });
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
    const r = await expectRefused(dir, ["establish", "--runs", "1"], {
      code: 2,
      message: /benchmark bad: the process measuring it exited with code 3/,
      remedy: /remove process\.exit\(\)\/process\.kill\(\) calls/,
    });
    expect(r.stderr).toContain("no baseline written (1 benchmark(s) failed)");
  });

  it("a benchmark's console.log does not break --json", async () => {
    const dir = await project(
      { samplesPerRun: 3, moduleTimeMs: 20, benchmarks: [{ name: "chatty", module: "bench/b.mjs", export: "chatty" }] },
      mod('export function chatty(){ console.log("{ not json"); return 1 }'),
    );
    const r = await expectOutcome(dir, ["establish", "--runs", "1", "--json", "--out", "fresh.json"], {
      code: 0,
      says: /"outcome": ?"written"/,
      adds: /^fresh\.json$/,
    });
    expect(JSON.parse(r.stdout)).toMatchObject({ outcome: "written" });
    expect(r.output).not.toContain("{ not json");
  });
});

describe("hostile command benchmarks", () => {
  it("a command past timeoutMs is stopped with everything it started (not after the grandchild ends)", async () => {
    const dir = await project({ timeoutMs: 1000, benchmarks: [{ name: "slow", command: "sleep 8" }] });
    const started = Date.now();
    await expectRefused(dir, ["establish", "--runs", "1"], {
      code: 2,
      message:
        /benchmark slow: command timed out after 1000 ms and was stopped \(with everything it started\): sleep 8/,
      remedy: /make it faster or raise "timeoutMs"/,
    });
    // perfgate's whole run, start-up included: ~1.5 s when the timeout stops the sleep, 8 s when not.
    expect(Date.now() - started).toBeLessThan(6000);
  });

  it("a backgrounded grandchild neither counts in the timing nor outlives the run", async () => {
    const dir = await tempProject({
      "perfgate.config.json": JSON.stringify({
        samplesPerRun: 3,
        warmup: 0,
        // One grandchild holds the shell's stderr pipe, one lets go of it: neither may stay.
        benchmarks: [{ name: "bg", command: "sleep 20 & sleep 30 >/dev/null 2>&1 & true" }],
      }),
    });
    // The harness fails the test if an orphaned sleep is still running after perfgate.
    await expectOutcome(dir, ["establish", "--runs", "1", "--json"], {
      code: 0,
      says: /"outcome": ?"written"/,
      adds: /^metrics\/(baselines\/(current_performance_baseline\.json)?)?$/,
    });
    const doc = JSON.parse(await fs.readFile(path.join(dir, BASELINE_REL), "utf8"));
    // The shell exits at once; a timing of ~20 s would be the pipe held by `sleep 20`.
    expect(Math.max(...doc.benchmarks[0].samples)).toBeLessThan(10_000);
  });

  it("300 MB on stderr: bounded memory, a short message that says output was cut", async () => {
    const dir = await project({
      benchmarks: [{ name: "loud", command: "head -c 300000000 /dev/zero | tr '\\0' 'x' >&2; exit 1" }],
    });
    const r = await expectRefused(dir, ["establish", "--runs", "1"], {
      code: 2,
      message: /benchmark loud: command exited with code 1/,
      remedy: /run the command by hand in .* and fix it/,
    });
    expect(r.stderr.length).toBeLessThan(10_000);
    expect(r.stderr).toMatch(/output cut: 286\.1 MiB in all, only the end is shown/);
  });
});
