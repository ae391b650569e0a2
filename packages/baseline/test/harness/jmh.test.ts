import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jmhAdapter as adapter } from "../../src/harness/adapters/jmh.ts";
import { JMH_BENCHMARKS, JMH_RUN, makeJmhProject } from "./projects/java-jmh.ts";
import { compareProjects, expectSlowdownSeen, outputError } from "./round-b.ts";

const fixture = (file: string) => readFileSync(new URL(`../fixtures/harness/jmh/${file}`, import.meta.url), "utf8");
const avgt = () => JSON.parse(fixture("avgt.json"));

describe("jmh: reading JMH 1.37's -rf json output", () => {
  it("reads each benchmark's score in ns/op, named with its parameters", () => {
    expect(adapter.parse(fixture("avgt.json"))).toEqual([
      { name: "perfgate.demo.Bench.join:size=256", ns: 185.79870437235573 },
      { name: "perfgate.demo.Bench.sum:size=256", ns: 71.42839164026441 },
    ]);
  });

  it("inverts a throughput (ops/ns) to ns per operation", () => {
    const samples = adapter.parse(fixture("thrpt.json"));
    expect(samples.map((s) => s.name)).toEqual([
      "perfgate.demo.Bench.join:size=256",
      "perfgate.demo.Bench.sum:size=256",
    ]);
    expect(samples[1]!.ns).toBeCloseTo(1 / 0.012467551176658258, 9);
  });

  it("adds the mode to the name when one benchmark ran in several modes, and converts us/op and ops/us", () => {
    const samples = adapter.parse(fixture("all-modes.json"));
    expect(samples.map((s) => s.name)).toEqual([
      "perfgate.demo.Bench.sum:size=16:thrpt",
      "perfgate.demo.Bench.sum:size=256:thrpt",
      "perfgate.demo.Bench.sum:size=16:avgt",
      "perfgate.demo.Bench.sum:size=256:avgt",
      "perfgate.demo.Bench.sum:size=16:sample",
      "perfgate.demo.Bench.sum:size=256:sample",
      "perfgate.demo.Bench.sum:size=16:ss",
      "perfgate.demo.Bench.sum:size=256:ss",
    ]);
    expect(samples[0]!.ns).toBeCloseTo(1000 / 130.51170034508914, 9); // 130.5 ops/us
    expect(samples[3]!.ns).toBeCloseTo(113.00101554473005, 6); // 0.113 us/op
    expect(samples[6]!.ns).toBeCloseTo(1823, 6); // single shot, 1.823 us/op
  });

  it.each([
    ["s/op", 2, 2e9],
    ["ms/op", 2, 2e6],
    ["min/op", 1, 60e9],
    ["ops/s", 4, 2.5e8],
    ["ops/ms", 4, 2.5e5],
    ["ops/min", 60, 1e9],
  ])("converts %s", (unit, score, ns) => {
    const doc = avgt();
    doc[0].primaryMetric.score = score;
    doc[0].primaryMetric.scoreUnit = unit;
    expect(adapter.parse(JSON.stringify(doc))[0]!.ns).toBeCloseTo(ns, 3);
  });
});

describe("jmh: output it cannot read", () => {
  it("rejects the console table and other JSON", () => {
    const text =
      "Benchmark   (size)  Mode  Cnt    Score      Error  Units\nBench.join     256  avgt    3  185.799 ± 1443.862  ns/op\n";
    const e = outputError(() => adapter.parse(text));
    expect(e.message).toMatch(
      /JMH output is not valid JSON.*expected the JSON that JMH writes with -rf json.*saw "Benchmark/,
    );
    expect(e.remedy).toMatch(/without -rf\/-rff/);
    expect(outputError(() => adapter.parse('{"benchmarks": []}')).message).toMatch(/expected array/);
    expect(outputError(() => adapter.parse('[{"benchmark": "a.B.c"}]')).message).toMatch(/\[0\]\.mode/);
  });

  it("rejects empty output and no result", () => {
    expect(outputError(() => adapter.parse("")).message).toMatch(/output is empty/);
    expect(outputError(() => adapter.parse("[]")).message).toMatch(/holds no benchmark result/);
  });

  it.each([
    ["zero", 0, /has a score of 0 ns\/op/],
    ["negative", -3, /has a score of -3 ns\/op/],
    ["NaN (JMH writes it as a string)", "NaN", /has a score of "NaN" ns\/op/],
  ])("rejects a %s score", (_, score, message) => {
    const doc = avgt();
    doc[0].primaryMetric.score = score;
    const e = outputError(() => adapter.parse(JSON.stringify(doc)));
    expect(e.message).toMatch(message);
    expect(e.message).toMatch(/"perfgate.demo.Bench.join:size=256"/);
  });

  it("rejects a score that is not a time or a throughput, and two results of one name", () => {
    const doc = avgt();
    doc[0].primaryMetric.scoreUnit = "B/op";
    expect(outputError(() => adapter.parse(JSON.stringify(doc))).message).toMatch(
      /score in "B\/op", neither time per operation/,
    );
    const dup = avgt();
    dup[1] = dup[0];
    expect(outputError(() => adapter.parse(JSON.stringify(dup))).message).toMatch(/two benchmarks named/);
  });
});

describe("jmh: the round command", () => {
  it("appends JSON output and short bounds", () => {
    expect(adapter.roundCommand("java -jar target/benchmarks.jar", { outFile: "/tmp/r 1/o.json" })).toBe(
      "java -jar target/benchmarks.jar -f 1 -wi 2 -w 200ms -i 3 -r 200ms -foe true -rf json -rff '/tmp/r 1/o.json'",
    );
  });

  it("keeps the bounds the user gave (JMH rejects an option given twice)", () => {
    expect(adapter.roundCommand("java -jar b.jar Lib -f 2 -i 10", { outFile: "/o" })).toBe(
      "java -jar b.jar Lib -f 2 -i 10 -wi 2 -w 200ms -r 200ms -foe true -rf json -rff /o",
    );
  });
});

describe("jmh: live, a real Maven project with JMH from Maven Central", () => {
  let root = "";
  const slowed = JMH_BENCHMARKS[0]!;
  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), "perfgate-jmh-"));
    await makeJmhProject(path.join(root, "base"));
    await makeJmhProject(path.join(root, "slow"), { slow: slowed });
  }, 900_000);
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it("reads every benchmark each round, of the project and of its changed copy", async () => {
    const comparison = await compareProjects(adapter, JMH_RUN, path.join(root, "base"), path.join(root, "slow"), {
      slowed,
    });
    expectSlowdownSeen(comparison, JMH_BENCHMARKS, slowed);
  }, 300_000);
});
