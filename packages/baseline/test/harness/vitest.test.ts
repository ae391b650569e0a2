import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { vitestAdapter as adapter } from "../../src/harness/adapters/vitest.ts";
import { makeVitestProject, VITEST_BENCHMARKS, VITEST_RUN } from "./projects/node-vitest.ts";
import { compareProjects, expectSlowdownSeen, outputError } from "./round-b.ts";

const fixture = (file: string) => readFileSync(new URL(`../fixtures/harness/vitest/${file}`, import.meta.url), "utf8");
const v4 = () => JSON.parse(fixture("v4.json"));
const NAMES = [
  "bench/demo.bench.js > join",
  "bench/demo.bench.js > arrays > sort",
  "bench/demo.bench.js > arrays > sum",
];

describe("vitest: reading the JSON of vitest bench --outputJson", () => {
  it.each([
    ["v2.json", 17735.999999786145],
    ["v3.json", 17435.99999986145],
    ["v4.json", 17765.999999937776],
  ])("reads the median (ms to ns) of every benchmark from %s, named by file, describe and bench", (file, joinNs) => {
    const samples = adapter.parse(fixture(file));
    expect(samples.map((s) => s.name)).toEqual(NAMES);
    expect(samples[0]!.ns).toBeCloseTo(joinNs, 6);
  });

  it("reads the mean from vitest 1.x, which writes no median", () => {
    const samples = adapter.parse(fixture("v1.json"));
    expect(samples.map((s) => s.name)).toEqual(NAMES);
    expect(samples[2]!.ns).toBeCloseTo(1709.0855890750533, 6);
  });

  it("keeps benches of one name in two files apart", () => {
    const doc = v4();
    const other = structuredClone(doc.files[0]);
    other.groups[0].fullName = "bench/other.bench.js";
    other.groups[1].fullName = "bench/other.bench.js > arrays";
    doc.files.push(other);
    const names = adapter.parse(JSON.stringify(doc)).map((s) => s.name);
    expect(names).toHaveLength(6);
    expect(names).toContain("bench/other.bench.js > arrays > sort");
  });
});

describe("vitest: output it cannot read", () => {
  it("names the benchmark that threw (vitest writes it without stats and exits 0)", () => {
    const e = outputError(() => adapter.parse(fixture("v4-error.json")));
    expect(e.message).toMatch(/"bench\/err\.bench\.js > boom" has no result/);
    expect(e.remedy).toMatch(/fix the benchmark/);
  });

  it("rejects vitest's test reporter JSON and console output", () => {
    const reporter = JSON.stringify({ numTotalTests: 1, testResults: [] });
    expect(outputError(() => adapter.parse(reporter)).message).toMatch(
      /files: .*expected the JSON that `vitest bench --outputJson`/,
    );
    const e = outputError(() => adapter.parse(" ✓ bench/demo.bench.js > arrays 1451ms\n"));
    expect(e.message).toMatch(/not valid JSON/);
    expect(e.remedy).toMatch(/perfgate appends --run --outputJson/);
  });

  it("rejects output with no benchmark", () => {
    expect(outputError(() => adapter.parse('{"files":[]}')).message).toMatch(/holds no benchmark/);
    expect(outputError(() => adapter.parse('{"files":[{"groups":[]}]}')).message).toMatch(/holds no benchmark/);
  });

  it.each([
    ["zero", 0],
    ["negative", -0.5],
  ])("rejects a %s median", (_, value) => {
    const doc = v4();
    doc.files[0].groups[0].benchmarks[0].median = value;
    const e = outputError(() => adapter.parse(JSON.stringify(doc)));
    expect(e.message).toMatch(new RegExp(`"bench/demo.bench.js > join" has a median of ${value} ms`));
  });

  it("rejects a NaN median (written as null by JSON.stringify) and two benches of one name", () => {
    const doc = v4();
    doc.files[0].groups[0].benchmarks[0].median = null;
    expect(outputError(() => adapter.parse(JSON.stringify(doc))).message).toMatch(/median: .*found null/);
    const dup = v4();
    dup.files[0].groups[1].benchmarks[1].name = "sort";
    expect(outputError(() => adapter.parse(JSON.stringify(dup))).message).toMatch(
      /two benchmarks named "bench\/demo.bench.js > arrays > sort"/,
    );
  });
});

describe("vitest: the round command", () => {
  it("appends --run and the JSON output file", () => {
    expect(adapter.roundCommand("npx vitest bench", { outFile: "/tmp/r 1/o.json" })).toBe(
      "npx vitest bench --run --outputJson '/tmp/r 1/o.json'",
    );
  });

  it("does not repeat the user's --run (vitest rejects it twice)", () => {
    expect(adapter.roundCommand("npm run bench -- --run", { outFile: "/o" })).toBe(
      "npm run bench -- --run --outputJson /o",
    );
  });
});

describe("vitest: live, a real npm project with vitest from the registry", () => {
  let root = "";
  const slowed = VITEST_BENCHMARKS[0]!;
  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), "perfgate-vitest-"));
    await makeVitestProject(path.join(root, "base"));
    await makeVitestProject(path.join(root, "slow"), { slow: slowed });
  }, 600_000);
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it("reads every benchmark each round, of the project and of its changed copy", async () => {
    const comparison = await compareProjects(adapter, VITEST_RUN, path.join(root, "base"), path.join(root, "slow"), {
      slowed,
    });
    expectSlowdownSeen(comparison, VITEST_BENCHMARKS, slowed);
  }, 300_000);
});
