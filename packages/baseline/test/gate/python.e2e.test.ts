import { describe } from "vitest";
import { makePythonProject, PYTHON_BENCHMARKS } from "../harness/projects/python.ts";
import { gateSuite } from "./gate-suite.ts";

describe("the gate on a Python project (pytest-benchmark), as init sets it up", () => {
  gateSuite({
    harness: "pytest-benchmark",
    make: makePythonProject,
    benchmarks: PYTHON_BENCHMARKS,
    slow: "test_dedup",
  });
});
