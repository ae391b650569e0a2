import { describe, expect, it } from "vitest";
import { goAdapter as adapter } from "../../src/harness/adapters/go.ts";
import { expectOutputError, fixture } from "./fixtures.ts";
import { liveSuite } from "./live-suite.ts";
import { makeGoProject } from "./projects/go.ts";
import { ensureGo } from "./tools.ts";

const parsed = (file: string) => adapter.parse(fixture("go", file)).map((s) => [s.name, s.ns]);
const HEADER = "goos: linux\ngoarch: amd64\npkg: example.com/x\ncpu: AMD EPYC\n";

describe("go adapter: round command", () => {
  it("appends no-tests, short runs and five counts, in the -test. spelling", () => {
    expect(adapter.roundCommand("go test -bench=. ./...", { outFile: "/unused" })).toBe(
      "go test -bench=. ./... '-test.run=^$' -test.benchtime=20ms -test.count=5",
    );
    expect(adapter.output).toBe("stdout");
  });
});

describe("go adapter: parse real output", () => {
  it("reads ns/op of every benchmark of a multi-package run, without the GOMAXPROCS suffix", () => {
    expect(parsed("round.txt")).toEqual([
      ["BenchmarkChecksum", 53701],
      ["BenchmarkWordCount", 640270],
      ["BenchmarkDedup", 363419],
    ]);
  });

  it("names a benchmark found in two packages by package path, and keeps sub-benchmark names", () => {
    expect(parsed("same-name-two-packages.txt")).toEqual([
      ["example.com/demo/nums.BenchmarkDedup", 361.8],
      ["BenchmarkLogs", 9.876],
      ["BenchmarkMetric", 6.31],
      ["example.com/demo/text.BenchmarkDedup", 363.6],
      ["BenchmarkUpper/short", 34.38],
      ["BenchmarkUpper/long", 111.2],
    ]);
  });

  it("reads -v output (bare names, logs) with -benchmem and custom metrics", () => {
    expect(parsed("verbose-benchmem.txt")).toEqual([
      ["BenchmarkDedup", 544.3],
      ["BenchmarkLogs", 6.754],
      ["BenchmarkMetric", 4.04],
    ]);
  });

  it("reads go test -json events, whose result lines come split in two", () => {
    expect(parsed("json.txt")).toEqual([
      ["example.com/demo/nums.BenchmarkDedup", 299],
      ["BenchmarkLogs", 6.718],
      ["BenchmarkMetric", 4.307],
      ["example.com/demo/text.BenchmarkDedup", 343.2],
      ["BenchmarkUpper/short", 35.19],
      ["BenchmarkUpper/long", 105.4],
    ]);
  });

  it("keeps names as printed when GOMAXPROCS is 1, and keeps -cpu suffixes that tell results apart", () => {
    expect(parsed("gomaxprocs-1.txt").map(([name]) => name)).toEqual([
      "BenchmarkDedup",
      "BenchmarkUpper/short",
      "BenchmarkUpper/long",
    ]);
    expect(parsed("cpu-list.txt")).toEqual([
      ["BenchmarkDedup", 316.7],
      ["BenchmarkDedup-2", 350.8],
    ]);
  });

  it("fails a round in which a benchmark failed, naming it", () => {
    expectOutputError(
      () => adapter.parse(fixture("go", "failed.txt")),
      /BenchmarkBroken as failed in example.com\/fail/,
    );
  });
});

describe("go adapter: output it cannot use", () => {
  it("says what it expected when there are no benchmark lines", () => {
    const error = expectOutputError(
      () => adapter.parse(`${HEADER}PASS\nok  \texample.com/x\t0.01s\n`),
      /expected go test benchmark lines.*found none in the output starting with "goos: linux"/,
    );
    expect(error.remedy).toMatch(/-bench/);
    expectOutputError(() => adapter.parse(""), /output is empty/);
    expectOutputError(() => adapter.parse(fixture("libtest", "round.txt")), /found none/);
  });

  it("fails a package that did not build", () => {
    const text = "# example.com/x\n./x.go:3:1: syntax error\nFAIL\texample.com/x [build failed]\n";
    expectOutputError(() => adapter.parse(text), /package example.com\/x as failed/);
  });

  it("rejects a zero time and a result without ns/op", () => {
    expectOutputError(() => adapter.parse(`${HEADER}BenchmarkX-2   1000000000   0 ns/op\n`), /0 ns per iteration/);
    expectOutputError(() => adapter.parse(`${HEADER}BenchmarkX-2   100   12.00 widgets/op\n`), /without an ns\/op/);
  });

  it("takes the median of a benchmark's -count repeats as the round's value", () => {
    const repeats = [14, 12, 90, 13, 11].map((ns) => `BenchmarkX-2   100   ${ns} ns/op`).join("\n");
    const text = `${HEADER}${repeats}\nBenchmarkY-2   100   7 ns/op\n`;
    expect(adapter.parse(text)).toEqual([
      { name: "BenchmarkX", ns: 13 },
      { name: "BenchmarkY", ns: 7 },
    ]);
  });

  it("ignores lines that only look like results, and rejects control characters in names", () => {
    // `Benchmarks` (lower case after Benchmark) is not a benchmark name in Go's format.
    expectOutputError(() => adapter.parse(`${HEADER}Benchmarks   100   12 ns/op\n`), /found none/);
    expectOutputError(() => adapter.parse(`${HEADER}BenchmarkX\u001b[31m-2   100   12 ns/op\n`), /control character/);
  });
});

describe("go adapter: live, on a real module", () => {
  liveSuite({
    adapter,
    make: async (dir, opts) => {
      await ensureGo();
      return makeGoProject(dir, opts);
    },
    slow: "BenchmarkWordCount",
  });
});
