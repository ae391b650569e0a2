import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Its place in the root's one run (vitest.config.ts there): packages run one after another.
    sequence: { groupOrder: 7 },
    include: ["test/**/*.test.ts"],
    // The end-to-end files share Docker and the driver's per-workflow lock: run files one at a time.
    fileParallelism: false,
    testTimeout: 60_000,
  },
});
