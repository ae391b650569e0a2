import { defineConfig } from "vitest/config";

// Real HTTP, real files and GitHub's own clients: give slow shared CI machines room.
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 30_000,
    // Its place in the root's one run (vitest.config.ts there): packages run one after another.
    sequence: { groupOrder: 2 },
  },
});
