import { describe, expect, it } from "vitest";
import { pytestBenchmarkAdapter as adapter } from "../../src/harness/adapters/pytest-benchmark.ts";
import { expectOutputError, fixture } from "./fixtures.ts";
import { liveSuite } from "./live-suite.ts";
import { makePythonProject } from "./projects/python.ts";

interface Report {
  benchmarks: { name: string; fullname: string; stats: { median: number; mean: number } }[];
}

const round = fixture("pytest-benchmark", "round.json");
const report = (): Report => JSON.parse(round);
const withBenchmarks = (benchmarks: unknown[]) => JSON.stringify({ ...report(), benchmarks });

describe("pytest-benchmark adapter: round command", () => {
  it("adds a JSON report at the quoted path, a short round, and benchmarks only", () => {
    const cmd = adapter.roundCommand("python -m pytest bench/", { outFile: "/tmp/a b/it's.json" });
    expect(cmd).toBe(
      "python -m pytest bench/ --benchmark-only --benchmark-enable --benchmark-json='/tmp/a b/it'\\''s.json' --benchmark-max-time=0.2 --benchmark-min-rounds=5",
    );
    expect(adapter.output).toBe("file");
  });
});

describe("pytest-benchmark adapter: parse real reports", () => {
  it("reads each benchmark's median, per iteration, in nanoseconds", () => {
    const samples = adapter.parse(round);
    expect(samples.map((s) => s.name)).toEqual(["test_checksum", "test_word_count", "test_dedup"]);
    for (const [i, b] of report().benchmarks.entries()) {
      expect(samples[i]!.ns).toBeCloseTo(b.stats.median * 1e9, 3);
      // The median, not the mean (which GC pauses pull up).
      expect(samples[i]!.ns).not.toBeCloseTo(b.stats.mean * 1e9, 3);
    }
  });

  it("names two same-named tests of different files by their full node ids, the rest by name", () => {
    const samples = adapter.parse(fixture("pytest-benchmark", "same-name-two-files.json"));
    expect(samples.map((s) => s.name)).toEqual([
      "a/test_a.py::test_sort",
      "test_sum[20000]",
      "test_sum[40000]",
      "b/test_b.py::test_sort",
    ]);
  });
});

describe("pytest-benchmark adapter: output it cannot use", () => {
  it("says what it expected when given pytest's console table instead of the JSON", () => {
    const table = "Name (time in us)   Min   Max   Mean\ntest_dedup   3.2  6012.6  3.81\n";
    expectOutputError(
      () => adapter.parse(table),
      /expected pytest-benchmark's --benchmark-json report.*not valid JSON/,
    );
  });

  it("rejects empty output, a truncated report and another tool's JSON", () => {
    expectOutputError(() => adapter.parse(""), /output is empty/);
    expectOutputError(() => adapter.parse(round.slice(0, 500)), /truncated/);
    expectOutputError(() => adapter.parse(fixture("hyperfine", "round.json")), /benchmarks/);
  });

  it("rejects a report without benchmarks, and says how to select some", () => {
    const error = expectOutputError(() => adapter.parse(withBenchmarks([])), /found none/);
    expect(error.remedy).toMatch(/benchmark` fixture/);
  });

  it("rejects a zero or negative median, and a NaN written into the file", () => {
    const one = report().benchmarks[0]!;
    for (const median of [0, -1e-6]) {
      const doc = withBenchmarks([{ ...one, stats: { ...one.stats, median } }]);
      expectOutputError(() => adapter.parse(doc), /ns per iteration for "test_checksum"; expected a finite time/);
    }
    const nan = round.replace(/"median": [0-9.e-]+/, '"median": NaN');
    expectOutputError(() => adapter.parse(nan), /NaN/);
  });

  it("rejects the same test twice and names with control characters", () => {
    const one = report().benchmarks[0]!;
    expectOutputError(() => adapter.parse(withBenchmarks([one, one])), /more than once/);
    const forged = withBenchmarks([{ ...one, name: "x\n::error::forged", fullname: "f" }]);
    expectOutputError(() => adapter.parse(forged), /line break/);
  });

  it("rejects a median that is not a number", () => {
    const one = report().benchmarks[0]!;
    const doc = withBenchmarks([{ ...one, stats: { median: "fast" } }]);
    expectOutputError(() => adapter.parse(doc), /benchmarks\[0\]\.stats\.median/);
  });
});

describe("pytest-benchmark adapter: live, on a real project", () => {
  liveSuite({ adapter, make: makePythonProject, slow: "test_checksum" });
});
