import { promises as fs } from "node:fs";
import path from "node:path";
import { describe } from "vitest";
import { GOOGLE_BENCHMARK_BENCHMARKS, makeGoogleBenchmarkProject } from "../harness/projects/cpp-google-benchmark.ts";
import { HYPERFINE_BENCHMARKS, makeHyperfineProject } from "../harness/projects/shell-hyperfine.ts";
import { JMH_BENCHMARKS, makeJmhProject } from "../harness/projects/java-jmh.ts";
import { ensureHyperfine } from "../harness/tools.ts";
import { ensureGoogleBenchmark, ensureJdkAndMaven } from "../harness/tools-b.ts";
import { FULL_GATES, gateSuite } from "./gate-suite.ts";

describe("the gate on a C++ project (Google Benchmark), as init sets it up", () => {
  gateSuite({
    harness: "google-benchmark",
    // As a team builds it: CMake finding Google Benchmark (Debian's libbenchmark-dev).
    make: async (dir, opts) => {
      await makeGoogleBenchmarkProject(dir, { ...opts, build: false });
      await fs.writeFile(
        path.join(dir, "CMakeLists.txt"),
        "cmake_minimum_required(VERSION 3.16)\nproject(textstat CXX)\nset(CMAKE_CXX_STANDARD 17)\nfind_package(benchmark REQUIRED)\nadd_executable(bench bench.cc lib.cc)\ntarget_link_libraries(bench benchmark::benchmark)\n",
      );
    },
    benchmarks: GOOGLE_BENCHMARK_BENCHMARKS,
    slow: "BM_Collatz",
    provision: ensureGoogleBenchmark,
  });
});

describe("the gate on a shell CLI with a hyperfine script, as init sets it up", () => {
  gateSuite({
    harness: "hyperfine",
    // The team's benchmark script hands the tool's commands to hyperfine.
    make: async (dir, opts) => {
      await makeHyperfineProject(dir, opts);
      await fs.writeFile(
        path.join(dir, "bench.sh"),
        "#!/bin/sh\nhyperfine -N --warmup 2 -n checksum './textstat checksum data.txt' -n words './textstat words data.txt'\n",
      );
    },
    benchmarks: HYPERFINE_BENCHMARKS,
    slow: "words",
    provision: ensureHyperfine,
  });
});

describe.skipIf(!FULL_GATES)("the gate on a Java project (JMH), as init sets it up", () => {
  gateSuite({
    harness: "jmh",
    make: (dir, opts) => makeJmhProject(dir, { ...opts, build: false }),
    benchmarks: JMH_BENCHMARKS,
    slow: JMH_BENCHMARKS[2]!,
    provision: ensureJdkAndMaven,
  });
});
