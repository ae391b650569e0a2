import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { googleBenchmarkAdapter as adapter } from "../../src/harness/adapters/google-benchmark.ts";
import {
  GOOGLE_BENCHMARK_BENCHMARKS,
  GOOGLE_BENCHMARK_RUN,
  makeGoogleBenchmarkProject,
} from "./projects/cpp-google-benchmark.ts";
import { compareProjects, expectSlowdownSeen, outputError } from "./round-b.ts";

const fixture = (file: string) =>
  readFileSync(new URL(`../fixtures/harness/google-benchmark/${file}`, import.meta.url), "utf8");
const plain = () => JSON.parse(fixture("plain.json"));

describe("google-benchmark: reading Google Benchmark 1.7.1's JSON", () => {
  it("reads real_time per iteration, in nanoseconds, for every benchmark in order", () => {
    const samples = adapter.parse(fixture("plain.json"));
    expect(samples.map((s) => s.name)).toEqual(["BM_Sum/64", "BM_Sum/512", "BM_Str"]);
    expect(samples[0]!.ns).toBeCloseTo(18.978310876231983, 9);
    expect(samples[2]!.ns).toBeCloseTo(15.839237461999268, 9);
  });

  it("takes the median of --benchmark_repetitions and ignores the aggregate rows", () => {
    const samples = adapter.parse(fixture("repetitions.json"));
    expect(samples.map((s) => s.name)).toEqual(["BM_Sum/64", "BM_Sum/512", "BM_Str"]);
    // BM_Sum/64's repetitions: 28.30, 28.17, 21.22 ns (the mean aggregate would be 25.90).
    expect(samples[0]!.ns).toBeCloseTo(28.165459800148422, 9);
  });

  it("reads the median aggregate when the output has aggregates only", () => {
    const samples = adapter.parse(fixture("aggregates-only.json"));
    expect(samples.map((s) => s.name)).toEqual(["BM_Sum/64", "BM_Sum/512", "BM_Str"]);
    expect(samples[1]!.ns).toBeCloseTo(145.14939169979405, 9);
  });

  it("names aggregate rows by their benchmark when the output has no run_name (before 1.5)", () => {
    const doc = JSON.parse(fixture("aggregates-only.json"));
    for (const row of doc.benchmarks) delete row.run_name;
    const samples = adapter.parse(JSON.stringify(doc));
    expect(samples.map((s) => s.name)).toEqual(["BM_Sum/64", "BM_Sum/512", "BM_Str"]);
    expect(samples[1]!.ns).toBeCloseTo(145.14939169979405, 9);
  });

  it("ignores the BigO and RMS rows of a family with Complexity()", () => {
    const samples = adapter.parse(fixture("complexity.json"));
    expect(samples.map((s) => s.name)).toEqual(["BM_Fill/64", "BM_Fill/256", "BM_Fill/1024", "BM_Skip"]);
    expect(samples[2]!.ns).toBeCloseTo(1383.561516530012, 9);
  });

  it("converts each row's time_unit to nanoseconds", () => {
    const doc = plain();
    doc.benchmarks[0].real_time = 2.5;
    doc.benchmarks[0].time_unit = "ms";
    doc.benchmarks[1].real_time = 3;
    doc.benchmarks[1].time_unit = "us";
    doc.benchmarks[2].real_time = 0.5;
    doc.benchmarks[2].time_unit = "s";
    expect(adapter.parse(JSON.stringify(doc)).map((s) => s.ns)).toEqual([2.5e6, 3e3, 0.5e9]);
  });

  it("drops a benchmark that skipped itself (SkipWithMessage, 1.8+)", () => {
    const doc = plain();
    doc.benchmarks[1] = { ...doc.benchmarks[1], skipped: true, error_message: "needs AVX", real_time: 0 };
    expect(adapter.parse(JSON.stringify(doc)).map((s) => s.name)).toEqual(["BM_Sum/64", "BM_Str"]);
  });
});

describe("google-benchmark: output it cannot read", () => {
  it("says the console table is not the JSON it expects", () => {
    const e = outputError(() => adapter.parse("BM_Sum/64   19.0 ns   18.9 ns   3686891\n"));
    expect(e.message).toMatch(
      /^Google Benchmark output is not valid JSON.*expected the JSON that `--benchmark_out_format=json` writes.*saw "BM_Sum\/64/,
    );
    expect(e.remedy).toMatch(/perfgate appends --benchmark_out/);
  });

  it("rejects another harness's JSON (pytest-benchmark has benchmarks but no context)", () => {
    const e = outputError(() => adapter.parse(JSON.stringify({ machine_info: {}, benchmarks: [{ name: "t" }] })));
    expect(e.message).toMatch(/context: .*expected the JSON/);
  });

  it("rejects empty output and a truncated file", () => {
    expect(outputError(() => adapter.parse("")).message).toMatch(/output is empty/);
    expect(outputError(() => adapter.parse(fixture("plain.json").slice(0, 900))).message).toMatch(/truncated/);
  });

  it("rejects output with no benchmark", () => {
    const e = outputError(() => adapter.parse(JSON.stringify({ ...plain(), benchmarks: [] })));
    expect(e.message).toMatch(/holds no benchmark that ran/);
    expect(e.remedy).toMatch(/--benchmark_filter/);
  });

  it.each([
    ["zero", 0, /"BM_Sum\/64" has a real_time of 0 ns/],
    ["negative", -4, /"BM_Sum\/64" has a real_time of -4 ns/],
  ])("rejects a %s real_time", (_, value, message) => {
    const doc = plain();
    doc.benchmarks[0].real_time = value;
    const e = outputError(() => adapter.parse(JSON.stringify(doc)));
    expect(e.message).toMatch(message);
    expect(e.message).toMatch(/finite number above zero/);
  });

  it("rejects the bare NaN Google Benchmark writes for a non-finite time", () => {
    const text = fixture("plain.json").replace(/"real_time": [^,]+,/, '"real_time": NaN,');
    expect(outputError(() => adapter.parse(text)).message).toMatch(/contains NaN at line \d+.*not a valid JSON number/);
  });

  it("rejects two benchmarks of one name", () => {
    const doc = plain();
    doc.benchmarks[2] = { ...doc.benchmarks[0] };
    const e = outputError(() => adapter.parse(JSON.stringify(doc)));
    expect(e.message).toMatch(/two benchmarks named "BM_Sum\/64"/);
    expect(e.remedy).toMatch(/distinct name/);
  });

  it("fails on a benchmark that reported an error", () => {
    const doc = plain();
    doc.benchmarks[0] = { ...doc.benchmarks[0], error_occurred: true, error_message: "bad input" };
    expect(outputError(() => adapter.parse(JSON.stringify(doc))).message).toMatch(
      /"BM_Sum\/64" reported an error: bad input/,
    );
  });

  it("rejects an unknown time unit and a name with a line break", () => {
    const doc = plain();
    doc.benchmarks[0].time_unit = "fortnights";
    expect(outputError(() => adapter.parse(JSON.stringify(doc))).message).toMatch(/unknown time unit "fortnights"/);
    const named = plain();
    named.benchmarks[0].run_name = "BM_x\n::error::forged";
    expect(outputError(() => adapter.parse(JSON.stringify(named))).message).toMatch(/contains a line break/);
  });
});

describe("google-benchmark: the round command", () => {
  it("appends JSON output to the file and a short minimum time", () => {
    expect(adapter.roundCommand("./build/bench", { outFile: "/tmp/r 1/out.json" })).toBe(
      "./build/bench --benchmark_min_time=0.1 --benchmark_out='/tmp/r 1/out.json' --benchmark_out_format=json",
    );
  });

  it("keeps the user's own --benchmark_min_time", () => {
    expect(adapter.roundCommand("./b --benchmark_min_time=2", { outFile: "/o" })).toBe(
      "./b --benchmark_min_time=2 --benchmark_out=/o --benchmark_out_format=json",
    );
  });
});

describe("google-benchmark: live, a real C++ project built against Debian's libbenchmark-dev", () => {
  let root = "";
  const slowed = "BM_Collatz";
  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), "perfgate-gbench-"));
    await makeGoogleBenchmarkProject(path.join(root, "base"));
    await makeGoogleBenchmarkProject(path.join(root, "slow"), { slow: slowed });
  }, 600_000);
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it("reads every benchmark each round, of the project and of its changed copy", async () => {
    const comparison = await compareProjects(
      adapter,
      GOOGLE_BENCHMARK_RUN,
      path.join(root, "base"),
      path.join(root, "slow"),
      { slowed },
    );
    expectSlowdownSeen(comparison, GOOGLE_BENCHMARK_BENCHMARKS, slowed);
  }, 180_000);
});
