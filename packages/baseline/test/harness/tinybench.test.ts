import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tinybenchAdapter as adapter, TINYBENCH_OUTPUT_LINE } from "../../src/harness/adapters/tinybench.ts";
import { makeTinybenchProject, TINYBENCH_BENCHMARKS, TINYBENCH_RUN } from "./projects/node-tinybench.ts";
import { compareProjects, expectSlowdownSeen, outputError } from "./round-b.ts";

const fixture = (file: string) =>
  readFileSync(new URL(`../fixtures/harness/tinybench/${file}`, import.meta.url), "utf8");
const v6 = () => JSON.parse(fixture("v6-table.json"));

describe("tinybench: reading bench.table() as JSON", () => {
  it.each([
    ["v3-table.json", [101726, 1122, 17145]],
    ["v4-table.json", [96353, 1122, 17326]],
    ["v5-table.json", [96744, 1122, 19179]],
    ["v6-table.json", [100159, 1122, 17135]],
  ])("reads each task's median latency from tinybench 3+ (%s)", (file, ns) => {
    const samples = adapter.parse(fixture(file));
    expect(samples).toEqual([
      { name: "sort", ns: ns[0] },
      { name: "sum", ns: ns[1] },
      { name: "async join", ns: ns[2] },
    ]);
  });

  it("reads the mean from tinybench 2, whose table has no median", () => {
    const samples = adapter.parse(fixture("v2-table.json"));
    expect(samples.map((s) => s.name)).toEqual(["sort", "sum", "async join"]);
    expect(samples[1]!.ns).toBeCloseTo(1152.3762474358753, 9);
  });

  it("reads the tables of two benches written as one array", () => {
    const rows = [...v6(), ...v6().map((r: { "Task name": string }) => ({ ...r, "Task name": `b/${r["Task name"]}` }))];
    expect(adapter.parse(JSON.stringify(rows)).map((s) => s.name)).toEqual([
      "sort",
      "sum",
      "async join",
      "b/sort",
      "b/sum",
      "b/async join",
    ]);
  });
});

describe("tinybench: output it cannot read", () => {
  it.each(["v3-error.json", "v5-error.json", "v6-error.json"])("names the task that threw (%s)", (file) => {
    const e = outputError(() => adapter.parse(fixture(file)));
    expect(e.message).toBe('tinybench task "boom" failed: kaput');
  });

  it("says exactly what the script must write when the output is missing or something else", () => {
    const empty = outputError(() => adapter.parse(""));
    expect(empty.message).toMatch(/output is empty; expected the JSON of tinybench's bench.table\(\)/);
    expect(empty.remedy).toContain(TINYBENCH_OUTPUT_LINE);
    // console.table's text is not the JSON.
    const table = outputError(() => adapter.parse("┌─────────┬─────────────┐\n│ (index) │ Task name   │\n"));
    expect(table.message).toMatch(/not valid JSON.*saw "┌/);
    // The raw tasks, or an object, are not the table either.
    const tasks = outputError(() => adapter.parse(JSON.stringify({ tasks: [] })));
    expect(tasks.message).toMatch(/expected array/);
  });

  it("rejects a table from a custom converter, an empty table and a task that did not run", () => {
    const custom = outputError(() => adapter.parse(JSON.stringify([{ name: "sort", ns: 3 }])));
    expect(custom.message).toMatch(/row 0 has no "Task name" column/);
    expect(outputError(() => adapter.parse("[]")).message).toMatch(/holds no task/);
    expect(outputError(() => adapter.parse(JSON.stringify([null]))).message).toMatch(/row 0 is null/);
    const notRun = v6();
    notRun[1] = { "Task name": "sum", "Latency med (ns)": "N/A", Remarks: "not-started" };
    expect(outputError(() => adapter.parse(JSON.stringify(notRun))).message).toBe(
      'tinybench task "sum" has no result (not-started)',
    );
  });

  it.each([
    ["0.00 ± 0.00", /has a "Latency med \(ns\)" of "0.00 ± 0.00"/],
    ["-5 ± 1", /has a "Latency med \(ns\)" of "-5 ± 1"/],
    ["NaN ± NaN", /has a "Latency med \(ns\)" of "NaN ± NaN"/],
    ["+∞ ± 0", /has a "Latency med \(ns\)" of "\+∞ ± 0"/],
  ])("rejects the median %s", (cell, message) => {
    const rows = v6();
    rows[0]["Latency med (ns)"] = cell;
    expect(outputError(() => adapter.parse(JSON.stringify(rows))).message).toMatch(message);
  });

  it("rejects two tasks of one name", () => {
    const rows = [...v6(), v6()[0]];
    expect(outputError(() => adapter.parse(JSON.stringify(rows))).message).toMatch(/two benchmarks named "sort"/);
  });
});

describe("tinybench: the round command", () => {
  it("is the script itself: it writes its table to $PERFGATE_HARNESS_OUTPUT", () => {
    expect(adapter.roundCommand("node bench/index.js", { outFile: "/tmp/o" })).toBe("node bench/index.js");
    expect(adapter.output).toBe("file");
  });
});

describe("tinybench: live, a real npm project with tinybench from the registry", () => {
  let root = "";
  const slowed = "xorshift";
  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), "perfgate-tinybench-"));
    await makeTinybenchProject(path.join(root, "base"));
    await makeTinybenchProject(path.join(root, "slow"), { slow: slowed });
  }, 600_000);
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it("reads every task each round, of the project and of its changed copy", async () => {
    const comparison = await compareProjects(adapter, TINYBENCH_RUN, path.join(root, "base"), path.join(root, "slow"), {
      slowed,
    });
    expectSlowdownSeen(comparison, TINYBENCH_BENCHMARKS, slowed);
  }, 300_000);
});
