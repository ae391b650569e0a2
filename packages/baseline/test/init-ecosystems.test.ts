import { afterAll, describe, expect, it } from "vitest";
import { removeTempProjects } from "./helpers.ts";
import { dryRun, uses, VENV } from "./init-dry-run.ts";

// `perfgate init --dry-run` on each ecosystem's usual layout, made as files (no toolchain needed):
// every benchmark suite becomes a harness entry (perfgate reads the harness's per-benchmark
// results), never one timed command; dependencies go into "setup", which runs in each tree.
afterAll(removeTempProjects);

describe("perfgate init on each ecosystem's usual layout", () => {
  it("Python with pytest-benchmark: a harness entry in a per-tree venv with a non-editable install", async () => {
    const d = await dryRun({
      "pyproject.toml":
        '[build-system]\nrequires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n\n[project]\nname = "fastlib"\nversion = "0.1.0"\n\n[project.optional-dependencies]\ntest = [\n  "pytest",\n  "pytest-benchmark>=4",\n]\n',
      "fastlib/__init__.py": "def total(xs):\n    return sum(xs)\n",
      "tests/test_unit.py": "from fastlib import total\n\ndef test_total():\n    assert total([1]) == 1\n",
      "benchmarks/test_speed.py":
        "from fastlib import total\n\ndef test_total_speed(benchmark):\n    benchmark(total, range(1000))\n",
    });
    expect(d.config).toEqual({
      setup: `${VENV} '.[test]' pytest pytest-benchmark`,
      benchmarks: [{ harness: "pytest-benchmark", run: ".perfgate-venv/bin/python -m pytest benchmarks/" }],
    });
    expect(d.config.setup).not.toMatch(/-e\b|--editable/);
    expect(uses(d)).toEqual(["actions/checkout@v4", "actions/setup-python@v5", "perfgate/perfgate@v1"]);
    expect(d.notes).toContain(
      '.perfgate-venv/ is created in each tree by "setup" and ignores itself (it holds a .gitignore)',
    );
  });

  it("Python without packaging: requirements files, the tree's own source on the path", async () => {
    const d = await dryRun({
      "requirements.txt": "numpy\n",
      "requirements-dev.txt": "pytest\npytest-benchmark\n",
      "src/stats/__init__.py": "",
      "tests/test_bench.py": "def test_mean(benchmark):\n    benchmark(lambda: 1)\n",
    });
    expect(d.config).toEqual({
      setup: `${VENV} -r requirements-dev.txt -r requirements.txt pytest pytest-benchmark`,
      benchmarks: [
        { harness: "pytest-benchmark", run: ".perfgate-venv/bin/python -m pytest tests/", env: { PYTHONPATH: "src" } },
      ],
    });
    expect(d.notes.join("\n")).toMatch(/not installable .*import it from the tree itself/);
  });

  it("a pyproject.toml of tool settings only is not a Python project to install", async () => {
    const d = await dryRun({ "pyproject.toml": "[tool.ruff]\nline-length = 100\n", "tools/__init__.py": "" });
    expect(d.config).toEqual({ benchmarks: [{ name: "node-startup", command: 'node -e "0"' }] });
  });

  it("Go: `go test -bench` as a go harness entry, compiled by its setup", async () => {
    const d = await dryRun({
      "go.mod": "module example.com/dedup\n\ngo 1.22\n",
      "dedup.go": "package dedup\n\nfunc Dedup(xs []int) []int { return xs }\n",
      "dedup_test.go":
        'package dedup\n\nimport "testing"\n\nfunc BenchmarkDedup(b *testing.B) {\n\tfor i := 0; i < b.N; i++ {\n\t\tDedup([]int{1, 2})\n\t}\n}\n',
    });
    expect(d.config).toEqual({
      benchmarks: [{ harness: "go", run: "go test -run '^$' -bench . ./...", setup: "go test -run '^$' ./..." }],
    });
    expect(d.workflow.steps[1]).toEqual({ uses: "actions/setup-go@v5", with: { "go-version-file": "go.mod" } });
  });

  it("Rust with criterion: one entry per harness = false bench target, built by its setup", async () => {
    const d = await dryRun({
      "Cargo.toml":
        '[package]\nname = "parser"\nversion = "0.1.0"\nedition = "2021"\n\n[dev-dependencies]\ncriterion = { version = "0.5", features = ["html_reports"] }\n\n[[bench]]\nname = "parse"\nharness = false\n',
      "src/lib.rs": "pub fn parse(s: &str) -> usize { s.len() }\n",
      "benches/parse.rs":
        'use criterion::{criterion_group, criterion_main, Criterion};\nfn b(c: &mut Criterion) { c.bench_function("parse", |b| b.iter(|| parser::parse("x"))); }\ncriterion_group!(g, b);\ncriterion_main!(g);\n',
    });
    expect(d.config).toEqual({
      benchmarks: [
        { harness: "criterion", run: "cargo bench --bench parse", setup: "cargo bench --no-run --bench parse" },
      ],
    });
    expect(uses(d)).toContain("rustup toolchain install stable --profile minimal");
  });

  it("Rust with libtest #[bench]: nightly", async () => {
    const d = await dryRun({
      "Cargo.toml": '[package]\nname = "fib"\nversion = "0.1.0"\n',
      "src/lib.rs":
        "#![feature(test)]\nextern crate test;\npub fn fib(n: u64) -> u64 { n }\n#[cfg(test)]\nmod b { use test::Bencher; #[bench] fn fib10(b: &mut Bencher) { b.iter(|| super::fib(10)); } }\n",
    });
    expect(d.config).toEqual({
      benchmarks: [{ harness: "libtest", run: "cargo +nightly bench", setup: "cargo +nightly bench --no-run" }],
    });
    expect(uses(d)).toContain("rustup toolchain install nightly --profile minimal");
  });

  it("C++ with Google Benchmark under CMake: a Release build of the target in each tree, then its binary", async () => {
    const d = await dryRun({
      "CMakeLists.txt":
        "cmake_minimum_required(VERSION 3.14)\nproject(fastmath CXX)\nfind_package(benchmark REQUIRED)\nadd_library(fastmath src/fastmath.cc)\nadd_subdirectory(bench)\n",
      "src/fastmath.cc": "int square(int x) { return x * x; }\n",
      "bench/CMakeLists.txt":
        "add_executable(micro micro.cc)\ntarget_link_libraries(micro PRIVATE fastmath benchmark::benchmark)\n",
      "bench/micro.cc":
        "#include <benchmark/benchmark.h>\nint square(int);\nstatic void BM_Square(benchmark::State& s) { for (auto _ : s) benchmark::DoNotOptimize(square(7)); }\nBENCHMARK(BM_Square);\nBENCHMARK_MAIN();\n",
    });
    expect(d.config).toEqual({
      benchmarks: [
        {
          harness: "google-benchmark",
          run: "./.perfgate-build/bench/micro",
          setup:
            "mkdir -p .perfgate-build && printf '*\\n' > .perfgate-build/.gitignore && cmake -S . -B .perfgate-build -DCMAKE_BUILD_TYPE=Release && cmake --build .perfgate-build --target micro",
        },
      ],
    });
    expect(uses(d)).toContain("sudo apt-get update && sudo apt-get install -y libbenchmark-dev");
  });

  it("C++ with Google Benchmark but no CMake target init can read: no entry, and it says so", async () => {
    const d = await dryRun({
      Makefile: "bench: micro.cc\n\tg++ -O2 micro.cc -lbenchmark -o bench\n",
      "micro.cc": "#include <benchmark/benchmark.h>\nBENCHMARK_MAIN();\n",
    });
    expect(d.config.benchmarks.map((e) => e["name"])).toEqual(["node-startup"]);
    expect(d.notes.join("\n")).toMatch(
      /include benchmark\/benchmark\.h but init could not tell which build .* makes the benchmark binary/,
    );
  });

  it("Java with JMH (the archetype's layout): the shaded jar, built by mvn package in each tree", async () => {
    const d = await dryRun({
      "pom.xml": `<project>
  <modelVersion>4.0.0</modelVersion>
  <groupId>org.example</groupId><artifactId>bench</artifactId><version>1.0</version>
  <properties><jmh.version>1.37</jmh.version><javac.target>1.8</javac.target><uberjar.name>benchmarks</uberjar.name></properties>
  <dependencies>
    <dependency><groupId>org.openjdk.jmh</groupId><artifactId>jmh-core</artifactId><version>\${jmh.version}</version></dependency>
  </dependencies>
  <build><plugins><plugin>
    <groupId>org.apache.maven.plugins</groupId><artifactId>maven-shade-plugin</artifactId>
    <executions><execution><phase>package</phase><goals><goal>shade</goal></goals>
      <configuration><finalName>\${uberjar.name}</finalName></configuration></execution></executions>
  </plugin></plugins></build>
</project>
`,
      "src/main/java/org/example/MyBenchmark.java":
        "package org.example;\nimport org.openjdk.jmh.annotations.Benchmark;\npublic class MyBenchmark { @Benchmark public int m() { return 1; } }\n",
    });
    expect(d.config).toEqual({
      benchmarks: [{ harness: "jmh", run: "java -jar target/benchmarks.jar", setup: "mvn -B -q -DskipTests package" }],
    });
    expect(d.workflow.steps[1]).toEqual({
      uses: "actions/setup-java@v4",
      with: { distribution: "temurin", "java-version": "17" },
    });
    expect(d.notes.join("\n")).toMatch(/could not tell your Java version/);
  });
});
