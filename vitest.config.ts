import { defineConfig } from "vitest/config";
import { totalsReporter } from "./scripts/totals-reporter.ts";

// One run over every package and one total (`pnpm test`, `pnpm test:only`). Each package's own
// vitest.config.ts holds its settings and its `sequence.groupOrder`: packages run one after
// another, dependencies first, because the end-to-end files time real processes and share Docker.
export default defineConfig({
  test: {
    projects: ["packages/*", "apps/*"],
    reporters: ["default", totalsReporter()],
  },
});
