import { defineConfig } from "vitest/config";

// Every row starts real node processes (the bundles) against the served mock: roomy on a busy machine.
export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 60_000,
    // Its place in the root's one run (vitest.config.ts there): packages run one after another.
    sequence: { groupOrder: 3 },
  },
});
