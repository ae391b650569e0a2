import { describe, expect, it } from "vitest";
import { jsonAdapter as adapter } from "../../src/harness/adapters/json.ts";
import { expectOutputError, fixture } from "./fixtures.ts";
import { liveSuite } from "./live-suite.ts";
import { makeJsonProject } from "./projects/json-script.ts";

const doc = (benchmarks: unknown[], extra: Record<string, unknown> = {}) => JSON.stringify({ ...extra, benchmarks });
const one = (value: unknown, unit: unknown = "ns", name = "b") => doc([{ name, value, unit }]);

describe("json adapter: round command", () => {
  it("runs the run as it is; the command writes to $PERFGATE_HARNESS_OUTPUT", () => {
    expect(adapter.roundCommand("node bench/run.mjs", { outFile: "/tmp/x" })).toBe("node bench/run.mjs");
    expect(adapter.output).toBe("file");
  });
});

describe("json adapter: parse", () => {
  it("reads a real project's file (microseconds) as nanoseconds", () => {
    const written = JSON.parse(fixture("json", "round.json")) as { benchmarks: { name: string; value: number }[] };
    const samples = adapter.parse(fixture("json", "round.json"));
    expect(samples.map((s) => s.name)).toEqual(["checksum", "word_count"]);
    for (const [i, b] of written.benchmarks.entries()) expect(samples[i]!.ns).toBeCloseTo(b.value * 1000, 6);
  });

  it("converts every unit, and inverts a throughput", () => {
    const units = { ns: 1.5, us: 1.5e3, ms: 1.5e6, s: 1.5e9 };
    for (const [unit, ns] of Object.entries(units)) expect(adapter.parse(one(1.5, unit))[0]!.ns).toBeCloseTo(ns, 6);
    // 4000 operations per second: 250 microseconds each.
    expect(adapter.parse(one(4000, "ops/s"))[0]!.ns).toBeCloseTo(250_000, 6);
  });

  it("ignores keys it does not know, at the top and in entries", () => {
    const text = doc([{ name: "b", value: 2, unit: "ms", samples: [1, 2, 3] }], { tool: "mine", version: 3 });
    expect(adapter.parse(text)).toEqual([{ name: "b", ns: 2e6 }]);
  });
});

describe("json adapter: output it cannot use", () => {
  it("says what shape it expected when the file is not JSON, or empty", () => {
    const error = expectOutputError(
      () => adapter.parse("checksum: 914 us\n"),
      /expected perfgate's harness JSON \(\{"benchmarks":\[\{"name".*not valid JSON/,
    );
    expect(error.remedy).toMatch(/PERFGATE_HARNESS_OUTPUT/);
    expectOutputError(() => adapter.parse(""), /output is empty/);
    expectOutputError(() => adapter.parse('{"benchmarks": [{"name": "a", "va'), /truncated/);
  });

  it("names the field that is wrong", () => {
    expectOutputError(() => adapter.parse(JSON.stringify({ results: [] })), /benchmarks/);
    expectOutputError(() => adapter.parse(one("12")), /benchmarks\[0\]\.value/);
    expectOutputError(() => adapter.parse(doc([{ value: 1, unit: "ns" }])), /benchmarks\[0\]\.name/);
    expectOutputError(() => adapter.parse(one(1, "µs")), /benchmarks\[0\]\.unit.*"µs"/);
    expectOutputError(() => adapter.parse("[1, 2]"), /expected object/);
  });

  it("rejects no benchmarks, a zero or negative value, NaN and out-of-range numbers", () => {
    expectOutputError(() => adapter.parse(doc([])), /found none/);
    expectOutputError(() => adapter.parse(one(0)), /"b" has value 0 ns; expected a number above zero/);
    expectOutputError(() => adapter.parse(one(-3, "ms")), /value -3 ms/);
    expectOutputError(() => adapter.parse('{"benchmarks":[{"name":"b","value":NaN,"unit":"ns"}]}'), /NaN/);
    expectOutputError(() => adapter.parse('{"benchmarks":[{"name":"b","value":1e999,"unit":"ns"}]}'), /out of range/);
  });

  it("rejects duplicate names, empty names and control characters", () => {
    expectOutputError(
      () =>
        adapter.parse(
          doc([
            { name: "a", value: 1, unit: "ns" },
            { name: "a", value: 2, unit: "ns" },
          ]),
        ),
      /"a" more than once/,
    );
    expectOutputError(() => adapter.parse(one(1, "ns", "")), /name is empty/);
    expectOutputError(() => adapter.parse(one(1, "ns", "a\r::warning::x")), /carriage return/);
  });
});

describe("json adapter: live, on a project with its own benchmark script", () => {
  liveSuite({ adapter, make: makeJsonProject, slow: "checksum" });
});
