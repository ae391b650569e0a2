import { describe } from "vitest";
import { BENCHMARKJS_BENCHMARKS, makeBenchmarkjsProject } from "../harness/projects/node-benchmarkjs.ts";
import { makeTinybenchProject, TINYBENCH_BENCHMARKS } from "../harness/projects/node-tinybench.ts";
import { makeVitestProject, VITEST_BENCHMARKS } from "../harness/projects/node-vitest.ts";
import { FULL_GATES, gateSuite } from "./gate-suite.ts";

describe.skipIf(!FULL_GATES)("the gate on a Node project (vitest bench), as init sets it up", () => {
  gateSuite({ harness: "vitest", make: makeVitestProject, benchmarks: VITEST_BENCHMARKS, slow: VITEST_BENCHMARKS[2]! });
});

describe("the gate on a Node project (tinybench), as init sets it up", () => {
  gateSuite({ harness: "tinybench", make: makeTinybenchProject, benchmarks: TINYBENCH_BENCHMARKS, slow: "collatz" });
});

describe.skipIf(!FULL_GATES)("the gate on a Node project (benchmark.js), as init sets it up", () => {
  gateSuite({
    harness: "benchmarkjs",
    make: makeBenchmarkjsProject,
    benchmarks: BENCHMARKJS_BENCHMARKS,
    slow: "collatz",
  });
});
