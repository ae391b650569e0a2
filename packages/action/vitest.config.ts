import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Its place in the root's one run (vitest.config.ts there): packages run one after another.
    sequence: { groupOrder: 6 },
    include: ["test/**/*.test.ts"],
    // Real processes measure real benchmarks: one file at a time on a shared 2-core machine.
    fileParallelism: false,
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
