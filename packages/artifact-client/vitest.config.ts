import { defineConfig } from "vitest/config";

// Real HTTP, real files and GitHub's own clients: give slow shared CI machines room.
export default defineConfig({
  test: { testTimeout: 60_000, hookTimeout: 30_000 },
});
