import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Its place in the root's one run (vitest.config.ts there): packages run one after another.
    sequence: { groupOrder: 4 },
    include: ["test/**/*.test.ts"],
    // The end-to-end tests time real processes: running files side by side on a
    // 2-core machine would add the very noise the gate must tolerate.
    fileParallelism: false,
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
