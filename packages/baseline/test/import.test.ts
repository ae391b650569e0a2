import { promises as fs } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadBaseline } from "../src/baseline-file.ts";
import { runCli, tempProject } from "./helpers.ts";

const pytest = {
  machine_info: { node: "ci" },
  commit_info: { id: "abc" },
  benchmarks: [
    {
      name: "test_parse",
      fullname: "tests/test_io.py::test_parse",
      stats: { data: [0.0101, 0.0099, 0.0102, 0.01, 0.0098], mean: 0.01 },
    },
    {
      name: "test_sum",
      fullname: "tests/test_math.py::test_sum",
      stats: { data: [0.002, 0.0021, 0.0019], mean: 0.002 },
    },
  ],
};

const google = {
  context: { date: "2025-10-01", num_cpus: 2 },
  benchmarks: [
    ...[120, 118, 121, 119, 122].map((t, i) => ({
      name: "BM_Sort/1024",
      run_name: "BM_Sort/1024",
      run_type: "iteration",
      repetitions: 5,
      repetition_index: i,
      iterations: 1000,
      real_time: t,
      cpu_time: t,
      time_unit: "us",
    })),
    {
      name: "BM_Sort/1024_mean",
      run_name: "BM_Sort/1024",
      run_type: "aggregate",
      aggregate_name: "mean",
      real_time: 120,
      cpu_time: 120,
      time_unit: "us",
    },
  ],
};

const hyperfine = {
  results: [{ command: "sleep 0.1", mean: 0.1, times: [0.101, 0.102, 0.1, 0.103], exit_codes: [0, 0, 0, 0] }],
};

describe("perfgate import", () => {
  it.each([
    ["pytest-benchmark", pytest, { test_parse: 10.1, test_sum: 2 }],
    ["google-benchmark", google, { "BM_Sort/1024": 0.12 }],
    ["hyperfine", hyperfine, { "sleep 0.1": 101 }],
  ] as const)("turns %s JSON into a valid baseline in milliseconds", async (format, doc, firstSampleMs) => {
    const dir = await tempProject({ "results.json": JSON.stringify(doc) });
    const r = await runCli(["import", "--format", format, "results.json", "--out", "current.json"], { cwd: dir });
    expect(r.code, r.output).toBe(0);
    const baseline = await loadBaseline(path.join(dir, "current.json"));
    expect(Object.fromEntries(baseline.benchmarks.map((b) => [b.name, Number(b.samples[0]!.toPrecision(6))]))).toEqual(
      firstSampleMs,
    );
    expect(baseline.benchmarks.every((b) => b.kind === "imported" && b.unit === "ms")).toBe(true);
    const v = await runCli(["validate", "current.json"], { cwd: dir });
    expect(v.code).toBe(0);
  });

  it("drops google-benchmark aggregate rows (they are not samples)", async () => {
    const dir = await tempProject({ "g.json": JSON.stringify(google) });
    await runCli(["import", "--format", "google-benchmark", "g.json", "--out", "c.json"], { cwd: dir });
    expect((await loadBaseline(path.join(dir, "c.json"))).benchmarks[0]!.samples).toHaveLength(5);
  });

  it("refuses pytest-benchmark output without raw data, naming the flag to add", async () => {
    const noData = { benchmarks: [{ name: "test_x", stats: { mean: 0.1 } }] };
    const dir = await tempProject({ "p.json": JSON.stringify(noData) });
    const r = await runCli(["import", "--format", "pytest-benchmark", "p.json", "--out", "c.json"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/benchmark test_x has no raw timings/);
    expect(r.stderr).toMatch(/--benchmark-save-data/);
    await expect(fs.access(path.join(dir, "c.json"))).rejects.toThrow();
  });

  it("refuses hyperfine runs that failed, and a file of the wrong tool", async () => {
    const failed = { results: [{ command: "false", times: [0.001, 0.001], exit_codes: [1, 1] }] };
    const dir = await tempProject({ "h.json": JSON.stringify(failed), "p.json": JSON.stringify(pytest) });
    const r = await runCli(["import", "--format", "hyperfine", "h.json"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/command "false" failed in 2 run\(s\)/);
    const wrong = await runCli(["import", "--format", "hyperfine", "p.json"], { cwd: dir });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/p\.json is not hyperfine JSON: results/);
  });

  it("an imported pair can be compared", async () => {
    const slower = {
      results: [
        { command: "sleep 0.1", times: [0.151, 0.152, 0.15, 0.153, 0.151, 0.152], exit_codes: [0, 0, 0, 0, 0, 0] },
      ],
    };
    const base = {
      results: [
        { command: "sleep 0.1", times: [0.101, 0.102, 0.1, 0.103, 0.101, 0.1], exit_codes: [0, 0, 0, 0, 0, 0] },
      ],
    };
    const dir = await tempProject({ "base.json": JSON.stringify(base), "cur.json": JSON.stringify(slower) });
    await runCli(["import", "--format", "hyperfine", "base.json", "--out", "b.json"], { cwd: dir });
    await runCli(["import", "--format", "hyperfine", "cur.json", "--out", "c.json"], { cwd: dir });
    const r = await runCli(["compare", "b.json", "c.json", "--json"], { cwd: dir });
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.regressed).toEqual(["sleep 0.1"]);
    expect(doc.benchmarks[0].ratio).toBeCloseTo(1.495, 2);
  });
  it("keeps pytest-benchmark's datetime, commit_info and machine_info as the baseline's provenance", async () => {
    const doc = {
      ...pytest,
      datetime: "2025-09-30T08:15:00.123456",
      machine_info: {
        node: "build-7",
        machine: "x86_64",
        release: "6.1.0-18-amd64",
        system: "Linux",
        python_implementation: "CPython",
        python_version: "3.12.1",
        cpu: { brand_raw: "AMD EPYC 7763 64-Core Processor", count: 4 },
      },
      commit_info: { id: "0123456789abcdef0123456789abcdef01234567", branch: "main", dirty: false },
    };
    const dir = await tempProject({ "p.json": JSON.stringify(doc) });
    const r = await runCli(["import", "--format", "pytest-benchmark", "p.json", "--out", "c.json"], { cwd: dir });
    expect(r.code, r.output).toBe(0);
    expect(r.stderr).not.toMatch(/does not record/);
    const b = await loadBaseline(path.join(dir, "c.json"));
    expect(b.createdAt).toBe("2025-09-30T08:15:00.123Z");
    expect(b.git).toEqual({ sha: "0123456789abcdef0123456789abcdef01234567", ref: "refs/heads/main" });
    expect(b.environment).toMatchObject({
      os: "linux",
      osRelease: "6.1.0-18-amd64",
      arch: "x64",
      cpuModel: "AMD EPYC 7763 64-Core Processor",
      cores: 4,
      nodeVersion: "CPython 3.12.1",
      runnerName: "build-7",
    });
    // The date is the measurement's: --max-age now means something for an import.
    const v = await runCli(["compare", "c.json", "c.json", "--max-age", "30d"], { cwd: dir });
    expect(v.output).toMatch(/baseline is older than 30 days: created 2025-09-30/);
  });

  it("keeps google-benchmark's context (date, host, CPUs); says what it lacks", async () => {
    const doc = {
      ...google,
      context: { date: "2025-10-01T12:30:00+02:00", host_name: "bench-box", num_cpus: 16, mhz_per_cpu: 3600 },
    };
    const dir = await tempProject({ "g.json": JSON.stringify(doc) });
    const r = await runCli(["import", "--format", "google-benchmark", "g.json", "--out", "c.json"], { cwd: dir });
    expect(r.code, r.output).toBe(0);
    expect(r.stderr).toMatch(
      /google-benchmark's file does not record the commit; the baseline takes the git commit from this import/,
    );
    const b = await loadBaseline(path.join(dir, "c.json"));
    expect(b.createdAt).toBe("2025-10-01T10:30:00.000Z");
    expect(b.environment).toMatchObject({ cores: 16, cpuModel: "unknown CPU @ 3600 MHz", runnerName: "bench-box" });
  });

  it("hyperfine records no provenance: the import says so and uses this machine and now", async () => {
    const dir = await tempProject({ "h.json": JSON.stringify(hyperfine) });
    const before = Date.now();
    const r = await runCli(["import", "--format", "hyperfine", "h.json", "--out", "c.json"], { cwd: dir });
    expect(r.code, r.output).toBe(0);
    expect(r.stderr).toMatch(
      /hyperfine's file does not record the date, the commit, the machine; the baseline takes the time, the git commit, the machine from this import/,
    );
    const b = await loadBaseline(path.join(dir, "c.json"));
    expect(Date.parse(b.createdAt)).toBeGreaterThanOrEqual(before - 1000);
  });
});
