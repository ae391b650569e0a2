import { execFileSync } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { promises as fs } from "node:fs";
import path from "node:path";
import { baselineDoc, commitAll, removeTempProjects, runCli, tempProject } from "../helpers.ts";
import { expectOutcome, expectRefused } from "./harness.ts";

// Item 11: a benchmark named `x\n::error title=INJECTED::...` (from an import or a baseline file)
// used to print a raw `::error` line, which the GitHub runner executes as a workflow command.
const SAMPLES = [10, 10.2, 9.9, 10.1, 10.05];
const GHA = { GITHUB_ACTIONS: "true" };
const INJECT = "x\n::error title=INJECTED::pwned";
/** No line of output may start a workflow command that perfgate did not mean to write. */
const forged = /^::(?!(error|warning) title=(perfgate|Performance [a-z]+%3A [^:]*|Benchmark failed%3A [^:]*)::)/m;

afterAll(removeTempProjects);

function hyperfine(command: string, times = [0.1, 0.101, 0.102]) {
  return JSON.stringify({ results: [{ command, times, exit_codes: times.map(() => 0) }] });
}

describe("hostile names: no forged workflow commands", () => {
  it("a baseline file whose benchmark name holds a line break and ::error", async () => {
    const dir = await tempProject({ "a.json": JSON.stringify(baselineDoc({ [INJECT]: SAMPLES })) });
    const r = await expectRefused(dir, ["compare", "a.json", "a.json"], {
      code: 2,
      message: /baseline file a\.json is invalid: benchmarks\[0\]\.name contains a line break \(U\+000A\)/,
      remedy: /re-create it with `perfgate establish`/,
      env: GHA,
    });
    expect(r.output).not.toMatch(forged);
  });

  it("a name with a carriage return", async () => {
    const dir = await tempProject({ "a.json": JSON.stringify(baselineDoc({ "x\r::warning::INJECTED": SAMPLES })) });
    const r = await expectRefused(dir, ["validate", "a.json"], {
      code: 2,
      message: /benchmarks\[0\]\.name contains a carriage return \(U\+000D\)/,
      remedy: /re-create it with `perfgate establish`/,
      env: GHA,
    });
    expect(r.output).not.toMatch(forged);
  });

  it("a git ref or sha with a line break (printed in warnings and validate)", async () => {
    const doc = baselineDoc({ quick: SAMPLES }, { git: { sha: "\n::add-mask::x", ref: "refs/heads/main" } });
    const dir = await tempProject({ "a.json": JSON.stringify(doc) });
    const r = await expectRefused(dir, ["validate", "a.json"], {
      code: 2,
      message: /git\.sha contains a line break/,
      remedy: /re-create it with `perfgate establish`/,
      env: GHA,
    });
    expect(r.output).not.toMatch(forged);
  });

  it("an environment field (the CPU model) with a line break", async () => {
    const doc = baselineDoc({ quick: SAMPLES });
    (doc.environment as { cpuModel: string }).cpuModel = "Xeon\n::stop-commands::tok";
    const dir = await tempProject({ "a.json": JSON.stringify(doc) });
    await expectRefused(dir, ["compare", "a.json", "a.json"], {
      code: 2,
      message: /environment\.cpuModel contains a line break/,
      remedy: /re-create it with `perfgate establish`/,
      env: GHA,
    });
  });

  it("import of a hyperfine command with a line break writes nothing and blames the input", async () => {
    const dir = await tempProject({ "h.json": hyperfine(`sleep 0.1\n::error title=INJECTED::pwned`) });
    const r = await expectRefused(dir, ["import", "--format", "hyperfine", "h.json", "--out", "c.json"], {
      code: 2,
      message:
        /^perfgate: error: h\.json: benchmark name "sleep 0\.1\\n::error title=INJECTED::pwned" contains a line break/,
      remedy: /rename the benchmark/,
      env: GHA,
    });
    expect(r.output).not.toMatch(forged);
  });

  it("import of a pytest-benchmark name with a control character", async () => {
    const pytest = { benchmarks: [{ name: "test_a\u001b[31m", stats: { data: [0.01, 0.011, 0.012] } }] };
    const dir = await tempProject({ "p.json": JSON.stringify(pytest) });
    await expectRefused(dir, ["import", "--format", "pytest-benchmark", "p.json", "--out", "c.json"], {
      code: 2,
      message: /p\.json: benchmark name .* contains a control character \(U\+001B\)/,
      remedy: /rename the benchmark/,
    });
  });

  it("import of a google-benchmark name with a line break", async () => {
    const rows = [0.1, 0.11, 0.12].map((t) => ({ name: INJECT, run_type: "iteration", real_time: t, time_unit: "ms" }));
    const dir = await tempProject({ "g.json": JSON.stringify({ benchmarks: rows }) });
    await expectRefused(dir, ["import", "--format", "google-benchmark", "g.json", "--out", "c.json"], {
      code: 2,
      message: /g\.json: benchmark name "x\\n::error.* contains a line break/,
      remedy: /rename the benchmark/,
    });
  });

  it("names with ':' ',' and '%' (google-benchmark's threads:2) are escaped in annotation properties", async () => {
    const name = "BM_Sort/threads:2,50%";
    // Four runs a side (one sample per imported file), as a verdict needs.
    const google = (ms: number) =>
      JSON.stringify({
        benchmarks: [0, 1, 2].map((i) => ({ name, run_type: "iteration", real_time: ms + i * 0.001, time_unit: "ms" })),
      });
    const files: Record<string, string> = {};
    for (let i = 1; i <= 4; i++) {
      files[`b${i}.json`] = google(100 + i * 0.01);
      files[`c${i}.json`] = google(200 + i * 0.01);
    }
    const dir = await tempProject(files);
    const imp = (side: string, out: string) =>
      runCli(["import", "--format", "google-benchmark", ...[1, 2, 3, 4].map((i) => `${side}${i}.json`), "--out", out], {
        cwd: dir,
      });
    expect((await imp("b", "B.json")).code).toBe(0);
    expect((await imp("c", "C.json")).code).toBe(0);
    // A regression is the verdict here (exit 1, nothing to remedy): what matters is how the name is printed.
    const r = await expectOutcome(dir, ["compare", "B.json", "C.json"], {
      code: 1,
      says: /^Performance regression detected: 1 of 1 benchmark slower than the \+10\.0% threshold \(BM_Sort\/threads:2,50% /,
      env: GHA,
    });
    const line = r.stdout.split("\n").find((l) => l.startsWith("::error "));
    // Property: % -> %25, : -> %3A, , -> %2C (GitHub's rules); data: only % CR LF.
    expect(line).toMatch(
      /^::error title=Performance regression%3A BM_Sort\/threads%3A2%2C50%25::BM_Sort\/threads:2,50%25 is \+/,
    );
    expect(r.output).not.toMatch(forged);
  });
});

describe("hostile benchmark code and CI environment", () => {
  it("a module export whose name holds a line break fails as a benchmark, printed escaped, no baseline written", async () => {
    const dir = await tempProject({
      "perfgate.config.json": JSON.stringify({ benchmarks: [{ module: "bench.mjs" }] }),
      "bench.mjs": `const f = () => { let s = 0; for (let i = 0; i < 1000; i++) s += i; return s; };\nexport { f as "x\\n::error title=INJECTED::pwned" };\n`,
    });
    const r = await expectRefused(dir, ["establish", "--runs", "1"], {
      code: 2,
      message: /benchmark name "x\\n::error title=INJECTED::pwned" .*contains a line break/,
      remedy: /rename the export \(or set a plain "name" in perfgate\.config\.json\)/,
      env: GHA,
    });
    expect(r.output).not.toMatch(forged);
    expect(r.stderr).toMatch(/no baseline written/);
  });

  it("paired check: the PR's module export named with ::error fails by name, printed escaped", async () => {
    const ok = "export function quick(){ let s = 0; for (let i = 0; i < 1000; i++) s += i; return s; }\n";
    const dir = await tempProject({
      "perfgate.config.json": JSON.stringify({
        samplesPerRun: 2,
        moduleTimeMs: 10,
        benchmarks: [{ module: "bench.mjs" }],
      }),
      "bench.mjs": ok,
    });
    const sha = await commitAll(dir);
    await fs.mkdir(path.join(dir, "metrics/baselines"), { recursive: true });
    const doc = baselineDoc({ quick: [0.01, 0.011, 0.012] }, { git: { sha, ref: "refs/heads/main" } });
    await fs.writeFile(path.join(dir, "metrics/baselines/current_performance_baseline.json"), JSON.stringify(doc));
    await commitAll(dir, "the pull request");
    // The pull request's change: a second export whose name carries a workflow command.
    await fs.writeFile(path.join(dir, "bench.mjs"), `${ok}export { quick as "x\\n::error title=Forged::pwned" };\n`);
    const r = await expectOutcome(dir, ["check", "--no-reports", "--runs", "1"], {
      code: 2,
      says: /benchmark name "x\\n::error title=Forged::pwned" .*contains a line break/,
      remedy: /rename the export \(or set a plain "name" in perfgate\.config\.json\)/,
      env: GHA,
    });
    expect(r.stderr).toMatch(/paired mode: measuring base/);
    expect(r.output).not.toMatch(forged);
  });

  it("GITHUB_STEP_SUMMARY pointing at a FIFO: a warning, not a hang", async () => {
    const dir = await tempProject({ "a.json": JSON.stringify(baselineDoc({ quick: SAMPLES })) });
    execFileSync("mkfifo", [`${dir}/summary`]);
    await expectOutcome(dir, ["compare", "a.json", "a.json"], {
      code: 0,
      says: /^⚠ warning: could not append to GITHUB_STEP_SUMMARY \(.*\/summary is not a regular file \(it is a FIFO \(named pipe\)\)\)/,
      remedy: /point GITHUB_STEP_SUMMARY at a regular file/,
      env: { GITHUB_STEP_SUMMARY: `${dir}/summary` },
      timeoutMs: 20_000,
    });
  });
});
