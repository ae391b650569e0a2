import { promises as fs } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { removeTempProjects, tempProject } from "../helpers.ts";
import { expectOutcome, expectRefused } from "./harness.ts";

// Item 14: import errors used to blame the output file ("settings.samplesPerRun ... received
// -Infinity" when nothing was imported). They must name the input and say what was missing.
afterAll(removeTempProjects);

const importFile = (format: string, file: string) => ["import", "--format", format, file, "--out", "out.json"];

describe("hostile imports: the input is blamed, nothing is written", () => {
  it("google-benchmark with aggregate rows only", async () => {
    const rows = ["mean", "median", "stddev"].map((a) => ({
      name: `BM_x_${a}`,
      run_name: "BM_x",
      run_type: "aggregate",
      aggregate_name: a,
      real_time: 10,
      time_unit: "ns",
    }));
    const dir = await tempProject({ "g.json": JSON.stringify({ benchmarks: rows }) });
    const r = await expectRefused(dir, importFile("google-benchmark", "g.json"), {
      code: 2,
      message:
        /g\.json: google-benchmark JSON holds only aggregate rows \(mean, median, stddev\), no per-repetition timings/,
      remedy: /--benchmark_report_aggregates_only/,
    });
    expect(r.output).not.toMatch(/samplesPerRun|Infinity|out\.json/);
  });

  it("pytest-benchmark with an empty benchmarks list", async () => {
    const dir = await tempProject({ "p.json": JSON.stringify({ benchmarks: [] }) });
    const r = await expectRefused(dir, importFile("pytest-benchmark", "p.json"), {
      code: 2,
      message: /p\.json is not pytest-benchmark JSON: benchmarks/,
      remedy: /--benchmark-json/,
    });
    expect(r.output).not.toMatch(/out\.json/);
  });

  it("hyperfine with an empty times array", async () => {
    const dir = await tempProject({ "h.json": JSON.stringify({ results: [{ command: "ls", times: [] }] }) });
    await expectRefused(dir, importFile("hyperfine", "h.json"), {
      code: 2,
      message: /h\.json: command "ls" has no "times" array/,
      remedy: /hyperfine >= 1\.9/,
    });
  });

  it("hyperfine timings of zero", async () => {
    const dir = await tempProject({ "h.json": JSON.stringify({ results: [{ command: "ls", times: [0, 0.1] }] }) });
    await expectRefused(dir, importFile("hyperfine", "h.json"), {
      code: 2,
      message: /h\.json: benchmark ls has a non-positive or non-finite timing \(0\)/,
      remedy: /real durations/,
    });
  });

  it("an input with 1e999 says which number is out of range", async () => {
    const dir = await tempProject({ "h.json": '{"results":[{"command":"ls","times":[1e999]}]}' });
    await expectRefused(dir, importFile("hyperfine", "h.json"), {
      code: 2,
      message: /h\.json contains the number 1e999 at line 1, column \d+, which is out of range/,
      remedy: /re-run hyperfine/,
    });
  });

  it("an input with a BOM is imported (it is still JSON)", async () => {
    const dir = await tempProject({
      "h.json": `\uFEFF${JSON.stringify({ results: [{ command: "ls", times: [0.1, 0.2] }] })}`,
    });
    const r = await expectOutcome(dir, importFile("hyperfine", "h.json"), {
      code: 0,
      says: /^Imported 1 benchmark\(s\) from hyperfine into out\.json$/,
      adds: /^out\.json$/,
    });
    expect(r.output).not.toMatch(/Unexpected token/);
    const out = JSON.parse(await fs.readFile(path.join(dir, "out.json"), "utf8"));
    expect(out.benchmarks.map((b: { name: string; samples: number[] }) => [b.name, b.samples])).toEqual([
      ["ls", [100, 200]],
    ]);
  });

  it("a benchmark name of 100 kB blames the input", async () => {
    const dir = await tempProject({
      "h.json": JSON.stringify({ results: [{ command: "x".repeat(100_000), times: [0.1] }] }),
    });
    await expectRefused(dir, importFile("hyperfine", "h.json"), {
      code: 2,
      message: /h\.json: benchmark name "x{10,}.* is 100000 characters long/,
      remedy: /rename the benchmark/,
    });
  });
});
