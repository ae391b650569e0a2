import { afterAll, describe, expect, it } from "vitest";
import { benchmarkNameOf } from "../src/benchmark-name.ts";
import { detectBenchmarks } from "../src/init/detect.ts";
import { removeTempProjects, tempProject } from "./helpers.ts";

afterAll(removeTempProjects);

describe("benchmarkNameOf: one name for a command, whoever names it", () => {
  it.each([
    ["python3 logstat.py top data/access.log", "python3-logstat.py-top-data/access.log"],
    ["sleep 0.1", "sleep-0.1"],
    ["  ./run.sh --fast  ", "./run.sh---fast"],
    ["BM_Sort/threads:2,50%", "BM_Sort/threads-2-50"],
    ["bench/parse.bench.mjs", "bench/parse"],
    ["$(echo hi) | wc -c", "echo-hi-wc--c"],
    ["'quoted'", "quoted"],
    ["%%%", "benchmark"],
    ["x".repeat(100), "x".repeat(60)],
  ])("%j -> %j", (input, name) => {
    expect(benchmarkNameOf(input)).toBe(name);
  });

  it("is the name perfgate init gives a hyperfine command it finds in a script", async () => {
    const commands = ["python3 logstat.py top data/access.log", "sort -n data/numbers.txt", "sleep 0.1"];
    const dir = await tempProject({
      "bench.sh": `#!/bin/sh\nhyperfine --warmup 1 ${commands.map((c) => `'${c}'`).join(" ")}\n`,
    });
    const proposed = (await detectBenchmarks(dir)).filter((p) => p.found.startsWith("hyperfine command"));
    expect(proposed.map((p) => [p.benchmark.command, p.benchmark.name])).toEqual(
      commands.map((c) => [c, benchmarkNameOf(c)]),
    );
  });
});
