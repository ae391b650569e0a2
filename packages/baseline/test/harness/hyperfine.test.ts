import { describe, expect, it } from "vitest";
import { hyperfineAdapter as adapter } from "../../src/harness/adapters/hyperfine.ts";
import { expectOutputError, fixture } from "./fixtures.ts";
import { liveSuite } from "./live-suite.ts";
import { makeHyperfineProject } from "./projects/shell-hyperfine.ts";

interface Export {
  results: { command: string; median: number; times: number[]; exit_codes: number[] }[];
}

const round = fixture("hyperfine", "round.json");
const exported = (): Export => JSON.parse(round);
const withResults = (results: unknown[]) => JSON.stringify({ results });
const ctx = { outFile: "/tmp/round 1/out.json" };

describe("hyperfine adapter: round command", () => {
  it("adds the JSON export at the quoted path, one warm-up run and 3 to 5 timed runs", () => {
    expect(adapter.roundCommand("hyperfine -N './tool parse'", ctx)).toBe(
      "hyperfine -N './tool parse' --export-json '/tmp/round 1/out.json' --warmup 1 --min-runs 3 --max-runs 5",
    );
    expect(adapter.output).toBe("file");
  });

  it("leaves run counts and warm-up that the run sets to the run (hyperfine refuses them twice)", () => {
    expect(adapter.roundCommand("hyperfine --runs 20 -w3 'a'", ctx)).toBe(
      "hyperfine --runs 20 -w3 'a' --export-json '/tmp/round 1/out.json'",
    );
    expect(adapter.roundCommand("hyperfine --min-runs=2 'a'", ctx)).toBe(
      "hyperfine --min-runs=2 'a' --export-json '/tmp/round 1/out.json' --warmup 1",
    );
  });

  it("does not mistake a flag inside a timed command for hyperfine's", () => {
    expect(adapter.roundCommand("hyperfine 'rm -r x && cp -w y z'", ctx)).toBe(
      "hyperfine 'rm -r x && cp -w y z' --export-json '/tmp/round 1/out.json' --warmup 1 --min-runs 3 --max-runs 5",
    );
  });
});

describe("hyperfine adapter: parse real exports", () => {
  it("reads each command's median run time under its -n name, in nanoseconds", () => {
    const samples = adapter.parse(round);
    expect(samples.map((s) => s.name)).toEqual(["checksum", "words"]);
    // hyperfine's own median of the same runs.
    for (const [i, r] of exported().results.entries()) expect(samples[i]!.ns).toBeCloseTo(r.median * 1e9, 3);
  });

  it("names parameter-scan commands by their substituted command lines", () => {
    const names = adapter.parse(fixture("hyperfine", "parameter-scan.json")).map((s) => s.name);
    expect(names).toEqual(["sleep 0.001", "sleep 0.002", "sleep 0.003"]);
  });

  it("falls back to hyperfine's median when an export has no times", () => {
    expect(adapter.parse(withResults([{ command: "old", median: 0.25 }]))).toEqual([{ name: "old", ns: 0.25e9 }]);
    expectOutputError(() => adapter.parse(withResults([{ command: "older" }])), /neither "times" nor "median"/);
  });
});

describe("hyperfine adapter: output it cannot use", () => {
  it("explains a 0 s command (faster than the shell correction) and points to -N", () => {
    const error = expectOutputError(
      () => adapter.parse(fixture("hyperfine", "shell-true-zero.json")),
      /measured 0 s for "true"/,
    );
    expect(error.remedy).toMatch(/-N/);
  });

  it("refuses runs that failed under --ignore-failure", () => {
    expectOutputError(
      () => adapter.parse(fixture("hyperfine", "ignored-failure.json")),
      /"ls \/nonexistent-perfgate" failed in 5 run\(s\) \(exit codes 2\)/,
    );
  });

  it("refuses the same command twice", () => {
    expectOutputError(
      () => adapter.parse(fixture("hyperfine", "same-command-twice.json")),
      /"sleep 0.002" more than once/,
    );
  });

  it("refuses empty, broken and foreign output, and an export without commands", () => {
    expectOutputError(() => adapter.parse(""), /expected hyperfine's --export-json file, but the output is empty/);
    expectOutputError(() => adapter.parse("Benchmark 1: sleep 0.01\n  Time (mean ± σ): ..."), /not valid JSON/);
    expectOutputError(() => adapter.parse(fixture("pytest-benchmark", "round.json")), /results/);
    expectOutputError(() => adapter.parse(withResults([])), /found none/);
  });

  it("refuses negative times and a JSON number out of range", () => {
    const one = exported().results[0]!;
    const negative = withResults([{ ...one, times: [-0.5, -0.4, -0.3] }]);
    expectOutputError(() => adapter.parse(negative), /-400000000 ns per iteration for "checksum"/);
    expectOutputError(() => adapter.parse(round.replace(/"median": [0-9.e-]+/, '"median": 1e999')), /out of range/);
  });
});

describe("hyperfine adapter: live, on a real command-line tool", () => {
  liveSuite({ adapter, make: makeHyperfineProject, slow: "words" });
});
