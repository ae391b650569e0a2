/**
 * A small real C++ project benchmarked with Google Benchmark (Debian's libbenchmark-dev): the
 * code under test in lib.cc, one benchmark per function in bench.cc, built with g++.
 *
 *   await makeGoogleBenchmarkProject(dir, { slow: "BM_Collatz" });
 *   // config entry: { "harness": "google-benchmark", "run": GOOGLE_BENCHMARK_RUN }, setup: GOOGLE_BENCHMARK_BUILD
 */
import { promises as fs } from "node:fs";
import path from "node:path";
import { ensureGoogleBenchmark, mustRun } from "../tools-b.ts";
import { BASE_PASSES, SLOW_PASSES } from "./node-code.ts";

export const GOOGLE_BENCHMARK_RUN = "./bench";
/** How a checkout of the project is built (run in its directory). */
export const GOOGLE_BENCHMARK_BUILD = "g++ -O2 -std=c++17 bench.cc lib.cc -o bench -lbenchmark -lpthread";
/** The benchmarks as Google Benchmark names them: hash, xorshift, collatz. */
export const GOOGLE_BENCHMARK_BENCHMARKS = ["BM_Hash", "BM_Xorshift", "BM_Collatz"];

// Same computations as the Node projects' src/lib.js: serial chains the optimizer cannot shorten.
function libSource(slow: number | undefined): string {
  const passes = (i: number) => (i === slow ? SLOW_PASSES : BASE_PASSES);
  return `// The code under test: each function repeats a serial computation k*Passes times.
#include "lib.h"
#include <string>
#include <vector>

static const int kHashPasses = ${passes(0)};
static const int kXorshiftPasses = ${passes(1)};
static const int kCollatzPasses = ${passes(2)};

static std::vector<std::string> MakeWords() {
  std::vector<std::string> words;
  for (int i = 0; i < 64; i++) words.push_back("word-" + std::to_string(i * 7919));
  return words;
}

uint32_t Hash() {
  static const std::vector<std::string> words = MakeWords();
  uint32_t h = 2166136261u;
  for (int p = 0; p < kHashPasses; p++)
    for (const std::string& w : words)
      for (unsigned char c : w) h = (h ^ c) * 16777619u;
  return h;
}

uint32_t Xorshift() {
  uint32_t x = 88172645u;
  for (int p = 0; p < kXorshiftPasses; p++)
    for (int i = 0; i < 1000; i++) {
      x ^= x << 13;
      x ^= x >> 17;
      x ^= x << 5;
    }
  return x;
}

uint64_t Collatz() {
  uint64_t steps = 0;
  for (int p = 0; p < kCollatzPasses; p++)
    for (uint64_t n = p * 40 + 1; n <= uint64_t(p) * 40 + 40; n++)
      for (uint64_t m = n; m != 1; steps++) m = m % 2 == 0 ? m / 2 : 3 * m + 1;
  return steps;
}
`;
}

const HEADER = `#pragma once
#include <cstdint>
uint32_t Hash();
uint32_t Xorshift();
uint64_t Collatz();
`;

const BENCH = `#include <benchmark/benchmark.h>
#include "lib.h"

static void BM_Hash(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(Hash());
}
BENCHMARK(BM_Hash);

static void BM_Xorshift(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(Xorshift());
}
BENCHMARK(BM_Xorshift);

static void BM_Collatz(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(Collatz());
}
BENCHMARK(BM_Collatz);

BENCHMARK_MAIN();
`;

/**
 * Write (or rewrite) the sources in `dir` and build `./bench` (opts.build false: sources only).
 * `slow` names one of GOOGLE_BENCHMARK_BENCHMARKS whose function then does 45% more work.
 */
export async function makeGoogleBenchmarkProject(
  dir: string,
  opts: { slow?: string; build?: boolean } = {},
): Promise<void> {
  const slow = opts.slow === undefined ? undefined : GOOGLE_BENCHMARK_BENCHMARKS.indexOf(opts.slow);
  if (slow === -1)
    throw new Error(`no benchmark named ${JSON.stringify(opts.slow)}; the project has ${GOOGLE_BENCHMARK_BENCHMARKS}`);
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(path.join(dir, "lib.h"), HEADER);
  await fs.writeFile(path.join(dir, "lib.cc"), libSource(slow));
  await fs.writeFile(path.join(dir, "bench.cc"), BENCH);
  await fs.writeFile(path.join(dir, ".gitignore"), "/bench\n");
  if (opts.build === false) return;
  await ensureGoogleBenchmark();
  await mustRun("building the Google Benchmark project", "/bin/sh", ["-c", GOOGLE_BENCHMARK_BUILD], {
    cwd: dir,
    timeoutMs: 300_000,
  });
}
