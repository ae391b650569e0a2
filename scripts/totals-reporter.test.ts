import path from "node:path";
import type { TestModule } from "vitest/node";
import { describe, expect, it } from "vitest";
import { totalsReporter } from "./totals-reporter.ts";

type State = "passed" | "failed" | "skipped" | "pending";

/** A stand-in for vitest's TestModule: only what the reporter reads (its id and its tests' states). */
function fakeModule(file: string, states: State[]): TestModule {
  const tests = states.map((state) => ({ result: () => ({ state }) }));
  return { moduleId: path.join(path.sep, "repo", ...file.split("/")), children: { allTests: () => tests } } as never;
}

function report(modules: TestModule[]): string[] {
  const lines: string[] = [];
  totalsReporter((line) => lines.push(line)).onTestRunEnd?.(modules, [], "passed");
  return lines;
}

describe("totalsReporter", () => {
  it("counts every test in a test/hostile/ folder as tried, and only the passed ones as held", () => {
    const lines = report([
      fakeModule("packages/a/test/hostile/cli.test.ts", ["passed", "failed", "passed"]),
      fakeModule("packages/b/test/hostile/deep/more.test.ts", ["passed", "skipped"]),
      fakeModule("packages/a/test/plain.test.ts", ["passed", "failed"]),
    ]);
    expect(lines).toEqual(["hostile: 5 tried, 3 held", "tests: 4 passed, 2 failed, 1 skipped"]);
  });

  it("a file merely named hostile is not in the hostile suite, and without one there is no hostile line", () => {
    const lines = report([
      fakeModule("packages/a/test/hostile.test.ts", ["passed"]),
      fakeModule("packages/hostile-ish/test/x.test.ts", ["passed"]),
    ]);
    expect(lines).toEqual(["tests: 2 passed, 0 failed, 0 skipped"]);
  });

  it("pending (never run) tests count as skipped, and a hostile one is tried but not held", () => {
    const lines = report([fakeModule("packages/a/test/hostile/x.test.ts", ["pending", "passed"])]);
    expect(lines).toEqual(["hostile: 2 tried, 1 held", "tests: 1 passed, 0 failed, 1 skipped"]);
  });

  it("an empty run prints the totals line only", () => {
    expect(report([])).toEqual(["tests: 0 passed, 0 failed, 0 skipped"]);
  });
});
