import { promises as fs } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadBaseline } from "../src/baseline-file.ts";
import { baselineDoc, runCli, tempProject } from "./helpers.ts";

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
    ["pytest-benchmark", pytest, { test_parse: 10, test_sum: 2 }],
    ["google-benchmark", google, { "BM_Sort/1024": 0.12 }],
    // A hyperfine command keeps hyperfine's name for it, as the hyperfine harness entry does.
    ["hyperfine", hyperfine, { "sleep 0.1": 101.5 }],
  ] as const)(
    "turns %s JSON into a valid baseline: one sample per benchmark, the file's median in ms",
    async (format, doc, medianMs) => {
      const dir = await tempProject({ "results.json": JSON.stringify(doc) });
      const r = await runCli(["import", "--format", format, "results.json", "--out", "current.json"], { cwd: dir });
      expect(r.code, r.output).toBe(0);
      const baseline = await loadBaseline(path.join(dir, "current.json"));
      expect(baseline.benchmarks.map((b) => b.samples.length)).toEqual(baseline.benchmarks.map(() => 1));
      expect(
        Object.fromEntries(baseline.benchmarks.map((b) => [b.name, Number(b.samples[0]!.toPrecision(6))])),
      ).toEqual(medianMs);
      expect(baseline.settings).toEqual({ runs: 1, samplesPerRun: 1 });
      expect(baseline.benchmarks.every((b) => b.kind === "imported" && b.unit === "ms")).toBe(true);
      const v = await runCli(["validate", "current.json"], { cwd: dir });
      expect(v.code).toBe(0);
    },
  );

  it("google-benchmark: the median of the repetitions, not an aggregate row; aggregates only: the median row", async () => {
    const withMean = {
      ...google,
      benchmarks: google.benchmarks.map((b) => (b.run_type === "aggregate" ? { ...b, real_time: 999 } : b)),
    };
    const aggregatesOnly = {
      benchmarks: (
        [
          ["mean", 130],
          ["median", 125],
          ["stddev", 2],
        ] as const
      ).map(([a, t]) => ({
        name: `BM_x_${a}`,
        run_name: "BM_x",
        run_type: "aggregate",
        aggregate_name: a,
        real_time: t,
        time_unit: "us",
      })),
    };
    const dir = await tempProject({ "g.json": JSON.stringify(withMean), "a.json": JSON.stringify(aggregatesOnly) });
    await runCli(["import", "--format", "google-benchmark", "g.json", "--out", "c.json"], { cwd: dir });
    expect((await loadBaseline(path.join(dir, "c.json"))).benchmarks[0]!.samples).toEqual([0.12]);
    const r = await runCli(["import", "--format", "google-benchmark", "a.json", "--out", "d.json"], { cwd: dir });
    expect(r.code, r.output).toBe(0);
    expect((await loadBaseline(path.join(dir, "d.json"))).benchmarks.map((b) => [b.name, b.samples])).toEqual([
      ["BM_x", [0.125]],
    ]);
  });

  it("pytest-benchmark without raw data (no --benchmark-save-data) takes stats.median; with neither, refuses", async () => {
    const medianOnly = { benchmarks: [{ name: "test_x", stats: { mean: 0.1, median: 0.09 } }] };
    const neither = { benchmarks: [{ name: "test_x", stats: { mean: 0.1 } }] };
    const dir = await tempProject({ "p.json": JSON.stringify(medianOnly), "n.json": JSON.stringify(neither) });
    const ok = await runCli(["import", "--format", "pytest-benchmark", "p.json", "--out", "c.json"], { cwd: dir });
    expect(ok.code, ok.output).toBe(0);
    expect((await loadBaseline(path.join(dir, "c.json"))).benchmarks[0]!.samples).toEqual([90]);
    const r = await runCli(["import", "--format", "pytest-benchmark", "n.json", "--out", "d.json"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/benchmark test_x has neither raw timings \(stats\.data\) nor a median \(stats\.median\)/);
    expect(r.stderr).toMatch(/--benchmark-json=FILE/);
    await expect(fs.access(path.join(dir, "d.json"))).rejects.toThrow();
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

  it("an imported pair is compared run against run: one a side is inconclusive, four a side decide", async () => {
    const file = (times: number[]) =>
      JSON.stringify({ results: [{ command: "sleep 0.1", times, exit_codes: times.map(() => 0) }] });
    const base = [0.101, 0.102, 0.1, 0.103, 0.101, 0.1];
    const files: Record<string, string> = {};
    for (let i = 1; i <= 4; i++) {
      files[`base${i}.json`] = file(base.map((t) => t + i * 0.0005));
      files[`slow${i}.json`] = file(base.map((t) => t * 1.5 + i * 0.0005));
    }
    const dir = await tempProject(files);
    const imp = (args: string[]) => runCli(["import", "--format", "hyperfine", ...args], { cwd: dir });
    await imp(["base1.json", "--out", "b1.json"]);
    await imp(["slow1.json", "--out", "s1.json"]);
    const one = await runCli(["compare", "b1.json", "s1.json", "--json"], { cwd: dir });
    expect(one.code, one.output).toBe(0);
    const d = JSON.parse(one.stdout).benchmarks[0];
    expect(d).toMatchObject({ name: "sleep 0.1", verdict: "inconclusive" });
    expect(d.reason).toMatch(
      /^only 1 imported run in the baseline and 1 in the current results \(median ratio \+49\.\d%\)/,
    );
    expect(d.reason).toMatch(/perfgate import --append/);

    expect((await imp(["base1.json", "base2.json", "base3.json", "base4.json", "--out", "B.json"])).code).toBe(0);
    expect((await imp(["slow1.json", "slow2.json", "slow3.json", "slow4.json", "--out", "S.json"])).code).toBe(0);
    const r = await runCli(["compare", "B.json", "S.json", "--json"], { cwd: dir });
    expect(r.code, r.output).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.regressed).toEqual(["sleep 0.1"]);
    expect(doc.benchmarks[0].ratio).toBeCloseTo(1.5, 1);
  });

  it("--append adds one run per file to an import; the JSON result counts the runs", async () => {
    const file = (t: number) => JSON.stringify({ results: [{ command: "ls", times: [t, t], exit_codes: [0, 0] }] });
    const dir = await tempProject({ "h1.json": file(0.1), "h2.json": file(0.2), "h3.json": file(0.3) });
    const imp = (args: string[]) => runCli(["import", "--format", "hyperfine", "--json", ...args], { cwd: dir });
    expect((await imp(["h1.json", "--out", "c.json", "--append"])).code).toBe(0); // created
    const r = await imp(["h2.json", "h3.json", "--out", "c.json", "--append"]);
    expect(r.code, r.output).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ benchmarks: ["ls"], runs: { ls: 3 } });
    const b = await loadBaseline(path.join(dir, "c.json"));
    expect(b.benchmarks[0]!.samples).toEqual([100, 200, 300]);
    expect(b.settings).toEqual({ runs: 3, samplesPerRun: 1 });
    // Without --append the file is replaced.
    expect((await imp(["h1.json", "--out", "c.json"])).code).toBe(0);
    expect((await loadBaseline(path.join(dir, "c.json"))).benchmarks[0]!.samples).toEqual([100]);
  });

  it("a file imported before one-sample-per-run (every round kept) counts one sample per run", async () => {
    // What an older perfgate wrote for one pytest-benchmark file: its 1000 rounds as samples.
    const rounds = (scale: number) => Array.from({ length: 1000 }, (_, i) => scale * (1 + (i % 10) / 1000));
    const legacy = (scale: number) => {
      const doc = baselineDoc({ test_parse: rounds(scale) }, { settings: { runs: 1, samplesPerRun: 1000 } });
      for (const b of doc.benchmarks) b.kind = "imported";
      return JSON.stringify(doc);
    };
    const dir = await tempProject({ "old.json": legacy(1), "new.json": legacy(1.3) });
    const r = await runCli(["compare", "old.json", "new.json", "--json"], { cwd: dir });
    expect(r.code, r.output).toBe(0);
    const d = JSON.parse(r.stdout).benchmarks[0];
    expect(d.verdict).toBe("inconclusive");
    expect(d.reason).toMatch(
      /^only 1 imported run in the baseline and 1 in the current results \(median ratio \+30\.0%\)/,
    );
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
