import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Its place in the root's one run (vitest.config.ts there): packages run one after another.
    sequence: { groupOrder: 5 },
  },
});
