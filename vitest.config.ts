import { defineConfig } from "vitest/config";
import { totalsReporter } from "./scripts/totals-reporter.ts";

// One run over every package and one total (`pnpm test`, `pnpm test:only`). Each package's own
// vitest.config.ts holds its settings and its `sequence.groupOrder`: packages run one after
// another, dependencies first, because the end-to-end files time real processes and share Docker.
export default defineConfig({
  test: {
    projects: [
      "packages/*",
      "apps/*",
      // The root's own scripts (the reporter, the leftover-process check).
      { test: { name: "scripts", root: ".", include: ["scripts/*.test.ts"], sequence: { groupOrder: 0 } } },
    ],
    reporters: ["default", totalsReporter()],
    // Marks the run; its teardown fails the run for any process a test left running.
    globalSetup: ["./scripts/leftover-processes.ts"],
  },
});
