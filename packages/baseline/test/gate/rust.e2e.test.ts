import { describe } from "vitest";
import { CRITERION_BENCHMARKS, makeCriterionProject } from "../harness/projects/rust.ts";
import { ensureCargo } from "../harness/tools.ts";
import { FULL_GATES, gateSuite } from "./gate-suite.ts";

describe.skipIf(!FULL_GATES)("the gate on a Rust crate (criterion), as init sets it up", () => {
  gateSuite({
    harness: "criterion",
    make: makeCriterionProject,
    benchmarks: CRITERION_BENCHMARKS,
    slow: "checksum",
    provision: ensureCargo,
  });
});
