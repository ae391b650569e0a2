import { afterAll, describe, expect, it } from "vitest";
import { removeTempProjects } from "./helpers.ts";
import { dryRun, uses, VENV } from "./init-dry-run.ts";

// `perfgate init --dry-run` on Node layouts, hyperfine scripts and a mixed repository, made as files (no toolchain needed):
// every benchmark suite becomes a harness entry (perfgate reads the harness's per-benchmark
// results), never one timed command; dependencies go into "setup", which runs in each tree.
afterAll(removeTempProjects);

describe("perfgate init on Node, hyperfine and mixed layouts", () => {
  it("Node with vitest bench files: one vitest entry; npm ci in setup", async () => {
    const d = await dryRun({
      "package.json": JSON.stringify({ name: "lib", type: "module", devDependencies: { vitest: "^2.0.0" } }),
      "package-lock.json": "{}",
      "src/sum.ts": "export const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);\n",
      "src/sum.bench.ts":
        'import { bench } from "vitest";\nimport { sum } from "./sum";\nbench("sum", () => { sum([1, 2, 3]); });\n',
    });
    expect(d.config).toEqual({
      setup: "npm ci",
      benchmarks: [{ harness: "vitest", run: "npx --no-install vitest bench --run" }],
    });
    expect(uses(d)).toEqual(["actions/checkout@v4", "actions/setup-node@v4", "perfgate/perfgate@v1"]);
  });

  it("Node with a tinybench script (pnpm): a tinybench entry; corepack for pnpm", async () => {
    const d = await dryRun({
      "package.json": JSON.stringify({ name: "lib", type: "module", devDependencies: { tinybench: "^2.9.0" } }),
      "pnpm-lock.yaml": "lockfileVersion: '9.0'\n",
      "bench/index.bench.js":
        'import { Bench } from "tinybench";\nconst bench = new Bench({ time: 100 });\nbench.add("join", () => ["a", "b"].join(""));\nawait bench.run();\nconsole.table(bench.table());\n',
    });
    expect(d.config).toEqual({
      setup: "pnpm install --frozen-lockfile",
      benchmarks: [{ harness: "tinybench", run: "node bench/index.bench.js" }],
    });
    expect(uses(d)).toContain("corepack enable");
  });

  it("Node with benchmark.js (yarn), and the bench script that runs it: one benchmarkjs entry", async () => {
    const d = await dryRun({
      "package.json": JSON.stringify({
        name: "lib",
        scripts: { bench: "node bench/suite.js" },
        devDependencies: { benchmark: "^2.1.4" },
      }),
      "yarn.lock": "",
      // `require (`: the repository's import check would read `require("benchmark")` here as an import.
      "bench/suite.js":
        'const Benchmark = require ("benchmark");\nnew Benchmark.Suite().add("re", () => /o/.test("hello")).on("cycle", (e) => console.log(String(e.target))).run();\n',
    });
    expect(d.config).toEqual({
      setup: "yarn install --frozen-lockfile",
      benchmarks: [{ harness: "benchmarkjs", run: "node bench/suite.js" }],
    });
  });

  it("a bench script init cannot map is a command entry, with a warning that it is blind to one slow benchmark", async () => {
    const d = await dryRun({
      "package.json": JSON.stringify({
        name: "app",
        scripts: { bench: "node scripts/perf.js && node scripts/report.js" },
      }),
      "package-lock.json": "{}",
    });
    expect(d.config.benchmarks).toEqual([{ name: "bench", command: "npm run --silent bench" }]);
    expect(d.check.join("\n")).toMatch(
      /⚠ the whole `npm run bench` is timed as one process.*cannot see one benchmark getting slower/,
    );
  });

  it("a `vitest bench` bench script keeps its arguments", async () => {
    const d = await dryRun({
      "package.json": JSON.stringify({
        scripts: { bench: "vitest bench --config vitest.bench.ts" },
        devDependencies: { vitest: "2" },
      }),
      "package-lock.json": "{}",
    });
    expect(d.config.benchmarks).toEqual([
      { harness: "vitest", run: "npx --no-install vitest bench --run --config vitest.bench.ts" },
    ]);
  });

  it("a hyperfine script: one hyperfine entry per invocation, its --prepare kept, its runs and exports left to perfgate", async () => {
    const d = await dryRun({
      "logstat.py": "import sys\nprint(len(open(sys.argv[2]).read()))\n",
      "scripts/bench.sh":
        "#!/bin/sh\nset -e\nhyperfine --warmup 3 --runs 20 --export-json out.json --prepare 'sync' \\\n  'python3 logstat.py top data/access.log' \\\n  'python3 logstat.py count data/access.log'\n",
    });
    expect(d.config).toEqual({
      benchmarks: [
        {
          harness: "hyperfine",
          run: "hyperfine --prepare sync 'python3 logstat.py top data/access.log' 'python3 logstat.py count data/access.log'",
        },
      ],
    });
    expect(uses(d)).toContain("sudo apt-get update && sudo apt-get install -y hyperfine");
    expect(d.notes.join("\n")).toMatch(/could not tell what their commands need installed/);
  });

  it("a mixed repository: every harness, one setup for the dependency installs, every toolchain", async () => {
    const d = await dryRun({
      "package.json": JSON.stringify({ devDependencies: { vitest: "2" } }),
      "package-lock.json": "{}",
      "web/parse.bench.ts": 'import { bench } from "vitest";\nbench("p", () => {});\n',
      "pyproject.toml": '[project]\nname = "tools"\nversion = "0"\n',
      "tools/__init__.py": "",
      "bench/test_tools.py": "def test_t(benchmark):\n    benchmark(len, [])\n",
      "go.mod": "module m\n\ngo 1.22\n",
      "svc/svc_test.go": 'package svc\nimport "testing"\nfunc BenchmarkS(b *testing.B) {}\n',
      "engine/Cargo.toml":
        '[package]\nname = "engine"\nversion = "0.1.0"\n[dev-dependencies]\ncriterion = "0.5"\n[[bench]]\nname = "core"\nharness = false\n',
      "engine/benches/core.rs": "fn main() {}\n",
      "bench.sh": "hyperfine 'node cli.js --version'\n",
    });
    expect(d.config.setup).toBe(`npm ci && ${VENV} . pytest pytest-benchmark`);
    expect(d.config.benchmarks).toEqual([
      { harness: "vitest", run: "npx --no-install vitest bench --run" },
      { harness: "pytest-benchmark", run: ".perfgate-venv/bin/python -m pytest bench/" },
      { harness: "go", run: "go test -run '^$' -bench . ./...", setup: "go test -run '^$' ./..." },
      {
        harness: "criterion",
        run: "cargo bench --bench core",
        setup: "cargo bench --no-run --bench core",
        cwd: "engine",
      },
      { harness: "hyperfine", run: "hyperfine 'node cli.js --version'" },
    ]);
    expect(uses(d)).toEqual([
      "actions/checkout@v4",
      "actions/setup-node@v4",
      "actions/setup-python@v5",
      "actions/setup-go@v5",
      "rustup toolchain install stable --profile minimal",
      "sudo apt-get update && sudo apt-get install -y hyperfine",
      "perfgate/perfgate@v1",
    ]);
  });
});
