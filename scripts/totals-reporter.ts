import path from "node:path";
import type { Reporter, TestModule } from "vitest/node";

/**
 * Closes the one vitest run over every package with the two lines CI and people read: the
 * hostile-input suite (every test in a package's test/hostile/ folder is one hostile input) and
 * the total. Vitest's own summary stays above it.
 */
export function totalsReporter(log: (line: string) => void = console.log): Reporter {
  return {
    onTestRunEnd(modules: ReadonlyArray<TestModule>) {
      const count = { passed: 0, failed: 0, skipped: 0 };
      let tried = 0;
      let held = 0;
      for (const module of modules) {
        const hostile = module.moduleId.split(path.sep).includes("hostile");
        for (const test of module.children.allTests()) {
          const state = test.result().state;
          if (state === "passed") count.passed++;
          else if (state === "failed") count.failed++;
          else count.skipped++;
          if (hostile) {
            tried++;
            if (state === "passed") held++;
          }
        }
      }
      if (tried > 0) log(`hostile: ${tried} tried, ${held} held`);
      log(`tests: ${count.passed} passed, ${count.failed} failed, ${count.skipped} skipped`);
    },
  };
}
