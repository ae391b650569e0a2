import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { benchmarkjsAdapter as adapter } from "../../src/harness/adapters/benchmarkjs.ts";
import { BENCHMARKJS_BENCHMARKS, BENCHMARKJS_RUN, makeBenchmarkjsProject } from "./projects/node-benchmarkjs.ts";
import { compareProjects, expectSlowdownSeen, outputError } from "./round-b.ts";

const stdout = readFileSync(new URL("../fixtures/harness/benchmarkjs/stdout.txt", import.meta.url), "utf8");

describe("benchmarkjs: reading benchmark.js cycle lines", () => {
  it("inverts each line's ops/sec to ns per call, skipping the other lines", () => {
    // sort x 7,189 ops/sec, sum x 476,757 ops/sec, slow x thing x 12.32 ops/sec; "boom: " and
    // "Fastest is sum" are not results.
    expect(adapter.parse(stdout)).toEqual([
      { name: "sort", ns: 1e9 / 7189 },
      { name: "sum", ns: 1e9 / 476757 },
      { name: "slow x thing", ns: 1e9 / 12.32 },
    ]);
  });

  it("reads lines with colours, CRLF endings, one run sampled and unnamed tests", () => {
    const text =
      "\u001b[32mfast x 1,000,000 ops/sec ±0.10% (90 runs sampled)\u001b[39m\r\n<Test #2> x 2.50 ops/sec ±9.00% (1 run sampled)\r\n";
    expect(adapter.parse(text)).toEqual([
      { name: "fast", ns: 1000 },
      { name: "<Test #2>", ns: 4e8 },
    ]);
  });
});

describe("benchmarkjs: output it cannot read", () => {
  it("says what line it expected and shows what it saw", () => {
    const e = outputError(() => adapter.parse("Fastest is sum\n"));
    expect(e.message).toMatch(
      /has no benchmark.js cycle line \(a line like "name x 1,234 ops\/sec.*saw "Fastest is sum"/,
    );
    expect(e.remedy).toMatch(/console.log\(String\(event.target\)\)/);
    expect(outputError(() => adapter.parse("")).message).toMatch(/saw nothing/);
  });

  it.each([
    ["0", "0 ops/sec"],
    ["NaN", "NaN ops/sec"],
    ["Infinity", "Infinity ops/sec"],
    ["-5", "-5 ops/sec"],
  ])("rejects a rate of %s", (rate, shown) => {
    const e = outputError(() => adapter.parse(`f x ${rate} ops/sec ±0.00% (5 runs sampled)\n`));
    expect(e.message).toContain(`"f" has a rate of ${shown}`);
  });

  it("rejects two results of one name and a name with a control character", () => {
    const line = "sort x 7,189 ops/sec ±23.00% (8 runs sampled)\n";
    expect(outputError(() => adapter.parse(line + line)).message).toMatch(/two benchmarks named "sort"/);
    expect(outputError(() => adapter.parse(`a\u0007b${line.slice(4)}`)).message).toMatch(/control character/);
  });
});

describe("benchmarkjs: the round command", () => {
  it("is the script itself, read from stdout", () => {
    expect(adapter.roundCommand("node bench/suite.js", { outFile: "/tmp/o" })).toBe("node bench/suite.js");
    expect(adapter.output).toBe("stdout");
  });
});

describe("benchmarkjs: live, a real npm project with benchmark.js from the registry", () => {
  let root = "";
  const slowed = "collatz";
  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), "perfgate-benchmarkjs-"));
    await makeBenchmarkjsProject(path.join(root, "base"));
    await makeBenchmarkjsProject(path.join(root, "slow"), { slow: slowed });
  }, 600_000);
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it("reads every benchmark each round, of the project and of its changed copy", async () => {
    const comparison = await compareProjects(
      adapter,
      BENCHMARKJS_RUN,
      path.join(root, "base"),
      path.join(root, "slow"),
      { slowed },
    );
    expectSlowdownSeen(comparison, BENCHMARKJS_BENCHMARKS, slowed);
  }, 300_000);
});
