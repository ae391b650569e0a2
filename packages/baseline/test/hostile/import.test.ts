import { promises as fs } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { baselineDoc, removeTempProjects, tempProject } from "../helpers.ts";
import { expectOutcome, expectRefused } from "./harness.ts";

// Item 14: import errors used to blame the output file ("settings.samplesPerRun ... received
// -Infinity" when nothing was imported). They must name the input and say what was missing.
afterAll(removeTempProjects);

const importFile = (format: string, file: string) => ["import", "--format", format, file, "--out", "out.json"];

describe("hostile imports: the input is blamed, nothing is written", () => {
  it("google-benchmark with aggregate rows only, and no median among them", async () => {
    const rows = ["mean", "stddev", "cv"].map((a) => ({
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
        /g\.json: google-benchmark JSON holds neither per-repetition timings nor a median row, only other aggregates/,
      remedy: /--benchmark_repetitions=10 .*repetitions or their median/,
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
      ["ls", [150]], // one run: the median of its times
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

describe("hostile imports of several runs: --append and several files", () => {
  const hyperfine = (command: string, t = 0.1) =>
    JSON.stringify({ results: [{ command, times: [t, t * 1.01], exit_codes: [0, 0] }] });
  const pytest = (sha: string) =>
    JSON.stringify({
      commit_info: { id: sha, branch: "main" },
      datetime: "2026-01-02T03:04:05",
      benchmarks: [{ name: "test_a", stats: { median: 0.01 } }],
    });

  it("--append to a baseline perfgate measured is refused, the file kept", async () => {
    const dir = await tempProject({
      "h.json": hyperfine("ls"),
      "measured.json": JSON.stringify(baselineDoc({ ls: [1, 1.1, 1.2, 1.3, 1.4] })),
    });
    await expectRefused(dir, ["import", "--format", "hyperfine", "h.json", "--out", "measured.json", "--append"], {
      code: 2,
      message:
        /--append adds hyperfine runs to a file imported from hyperfine, but measured\.json holds benchmarks perfgate measured \(ls is a command benchmark\)/,
      remedy: /--out another file, or drop --append to replace measured\.json/,
    });
  });

  it("--append of hyperfine runs to a pytest-benchmark import is refused", async () => {
    const dir = await tempProject({ "h.json": hyperfine("ls"), "p.json": pytest("a".repeat(40)) });
    const made = await expectOutcome(dir, ["import", "--format", "pytest-benchmark", "p.json", "--out", "i.json"], {
      code: 0,
      says: /^Imported 1 benchmark\(s\) from pytest-benchmark into i\.json$/,
      adds: /^i\.json$/,
    });
    expect(made.stderr).toMatch(/each imported file is one independent sample per benchmark/);
    await expectRefused(dir, ["import", "--format", "hyperfine", "h.json", "--out", "i.json", "--append"], {
      code: 2,
      message: /i\.json holds pytest-benchmark results/,
      remedy: /drop --append/,
    });
  });

  it("--append to a truncated file blames that file, not the input", async () => {
    const dir = await tempProject({ "h.json": hyperfine("ls"), "i.json": '{"schema": "perfgate-baseline", "vers' });
    await expectRefused(dir, ["import", "--format", "hyperfine", "h.json", "--out", "i.json", "--append"], {
      code: 2,
      message: /^perfgate: error: --append: baseline file i\.json /,
      remedy: /--out another file, or drop --append to replace i\.json/,
    });
  });

  it("several files, the last one bad: nothing is written, the bad file is named", async () => {
    const dir = await tempProject({ "h1.json": hyperfine("ls"), "h2.json": hyperfine("ls"), "h3.json": "{" });
    await expectRefused(dir, ["import", "--format", "hyperfine", "h1.json", "h2.json", "h3.json", "--out", "o.json"], {
      code: 2,
      message: /^perfgate: error: h3\.json /,
      remedy: /re-run hyperfine/,
    });
  });

  it("import without a file says what is missing", async () => {
    const dir = await tempProject({});
    await expectRefused(dir, ["import", "--format", "hyperfine", "--out", "o.json"], {
      code: 2,
      message: /^perfgate: error: import needs at least 1 argument \(got 0\)$/,
      remedy: /name the JSON file\(s\) the tool wrote/,
    });
  });

  it("one hyperfine command twice in a file is refused, naming it", async () => {
    const results = ["sleep 0.1", "sleep 0.1"].map((command) => ({ command, times: [0.1, 0.1], exit_codes: [0, 0] }));
    const dir = await tempProject({ "h.json": JSON.stringify({ results }) });
    await expectRefused(dir, importFile("hyperfine", "h.json"), {
      code: 2,
      message: /h\.json: benchmark name "sleep 0\.1" appears twice/,
      remedy: /hyperfine --command-name/,
    });
  });

  it("runs of different commits pooled into one file: written, with a warning", async () => {
    const dir = await tempProject({ "p1.json": pytest("a".repeat(40)), "p2.json": pytest("b".repeat(40)) });
    await expectOutcome(dir, ["import", "--format", "pytest-benchmark", "p1.json", "p2.json", "--out", "i.json"], {
      code: 0,
      says: /^⚠ warning: the imported runs were measured at 2 different commits \(aaaaaaaaaaaa, bbbbbbbbbbbb\)/,
      remedy: /import runs of one commit into one file/,
      adds: /^i\.json$/,
    });
  });
});
