import type { RunResult } from "@perfgate/workflow-driver";
import { describe, expect, it } from "vitest";
import { mentions } from "../src/repo/expectations.ts";
import { findMissingTool } from "../src/repo/missing-tool.ts";
import { scanWorkflow } from "../src/repo/workflow-scan.ts";

describe("scanWorkflow finds the perfgate steps of a user's workflow", () => {
  it("the action, with its artifact name and baseline path inputs", () => {
    const scan = scanWorkflow(
      `on: push
jobs:
  lint: { runs-on: ubuntu-latest, steps: [{ run: ruff . }] }
  bench:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: perfgate/perfgate@v1
        with: { artifact-name: perf-base, baseline-path: out/base.json, config: py/perfgate.config.json }
`,
      ".github/workflows/ci.yml",
    );
    expect(scan).toMatchObject({
      fileName: "ci.yml",
      job: "bench",
      artifactName: "perf-base",
      baselinePath: "out/base.json",
      configPath: "py/perfgate.config.json",
      actionRefs: ["perfgate/perfgate@v1"],
    });
    // An unnamed step is named as act names it: by its uses.
    expect(scan.perfgateSteps.map((s) => [s.name, s.kind])).toEqual([["perfgate/perfgate@v1", "action"]]);
  });

  it("perfgate commands in run: steps, however the CLI is called", () => {
    const scan = scanWorkflow(
      `on: pull_request
jobs:
  perf:
    runs-on: ubuntu-22.04
    steps:
      - name: Gate
        run: |
          npx perfgate check --threshold 10
      - name: Via the bundle
        run: node tools/perfgate.cjs establish --runs 3 && echo done
      - name: Not perfgate
        run: echo "perfgate-like text, perfgates check nothing"
      - uses: actions/upload-artifact@v4
        with: { name: my-baseline, path: metrics/b.json }
`,
      "w.yml",
    );
    expect(scan.perfgateSteps.map((s) => [s.name, s.commands])).toEqual([
      ["Gate", ["check"]],
      ["Via the bundle", ["establish"]],
    ]);
    expect(scan.artifactName).toBe("my-baseline");
    expect(scan.baselinePath).toBe("metrics/b.json");
  });

  it("several jobs with perfgate: asks for --job; --job picks one", () => {
    const text = `on: push
jobs:
  a: { runs-on: ubuntu-latest, steps: [{ run: perfgate check }] }
  b: { runs-on: ubuntu-latest, steps: [{ run: perfgate check }] }
`;
    expect(() => scanWorkflow(text, "w.yml")).toThrow(/several jobs of w\.yml run perfgate: a, b/);
    expect(scanWorkflow(text, "w.yml", "b").job).toBe("b");
    expect(() => scanWorkflow(text, "w.yml", "c")).toThrow(/has no job 'c' \(jobs: a, b\)/);
  });
});

describe("which benchmarks a change should slow", () => {
  it("a file is run by a benchmark whose command, module or imported file names it", () => {
    expect(mentions("python3 bench/bench_fib.py", "textkit/fib.py")).toBe(true);
    expect(mentions("python3 -m bench\nfrom textkit.words import word_count", "textkit/words.py")).toBe(true);
    expect(mentions("node bench/run.js\nrequire('../src/fib')", "src/fib.js")).toBe(true);
    expect(mentions("python3 bench/bench_words.py\nfrom textkit.words import word_count", "textkit/fib.py")).toBe(
      false,
    );
    // Generic stems say nothing about which benchmark runs the file.
    expect(mentions("python3 bench/main.py", "textkit/main.py")).toBe(false);
  });
});

describe("findMissingTool", () => {
  const run = (log: string, result: "failure" | "success" = "failure") =>
    ({
      exitCode: 1,
      logFile: "/dev/null",
      jobs: [
        {
          id: "tests",
          name: "tests",
          result,
          durationMs: 1,
          steps: [
            {
              name: "Unit tests",
              id: "1",
              result,
              continueOnError: false,
              durationMs: 1,
              outputs: {},
              annotations: [],
              summary: "",
              log,
            },
          ],
        },
      ],
    }) as RunResult;

  it("names the program from bash's and sh's messages, and a missing Python module", () => {
    expect(findMissingTool(run("/var/run/act/workflow/1: line 2: pytest: command not found"))).toMatchObject({
      tool: "pytest",
      suggestion: "python3-pytest",
      step: "Unit tests",
    });
    expect(findMissingTool(run("sh: 1: hyperfine: not found"))?.tool).toBe("hyperfine");
    expect(findMissingTool(run("ModuleNotFoundError: No module named 'numpy.linalg'"))).toMatchObject({
      tool: "the Python module numpy",
      suggestion: "python3-numpy",
    });
  });

  it("nothing for a step that failed for another reason, or one that passed", () => {
    expect(findMissingTool(run("AssertionError: 3 != 4"))).toBeUndefined();
    expect(findMissingTool(run("pytest: command not found", "success"))).toBeUndefined();
  });
});
