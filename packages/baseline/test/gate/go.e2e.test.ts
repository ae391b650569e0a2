import { describe } from "vitest";
import { GO_BENCHMARKS, makeGoProject } from "../harness/projects/go.ts";
import { ensureGo } from "../harness/tools.ts";
import { gateSuite } from "./gate-suite.ts";

describe("the gate on a Go module (testing.B), as init sets it up", () => {
  gateSuite({
    harness: "go",
    make: makeGoProject,
    benchmarks: GO_BENCHMARKS,
    slow: "BenchmarkDedup",
    provision: ensureGo,
  });
});
