import { describe } from "vitest";
import { GO_BENCHMARKS, makeGoProject } from "../harness/projects/go.ts";
import { ensureGo } from "../harness/tools.ts";
import { FULL_GATES, gateSuite } from "./gate-suite.ts";

// Under two CPU spinners Go's rounds still spread so far (see the harness accuracy bench) that
// the slowed PR can come out inconclusive (a warning) with --runs 2: it runs in test:gates.
describe.skipIf(!FULL_GATES)("the gate on a Go module (testing.B), as init sets it up", () => {
  gateSuite({
    harness: "go",
    make: makeGoProject,
    benchmarks: GO_BENCHMARKS,
    slow: "BenchmarkDedup",
    provision: ensureGo,
  });
});
