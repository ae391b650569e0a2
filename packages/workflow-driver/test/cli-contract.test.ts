import { join } from "node:path";
import { execa } from "execa";
import { describe, expect, test } from "vitest";
import { findRepoRoot } from "../src/toolchain/paths.ts";

// The one CLI error contract (@perfgate/cli-kit) of `pnpm run doctor` / `pnpm run toolchain`, the
// CLI as its own process from its source: bad arguments are exit 2 before anything is checked or
// installed, `toolchain: error: …` + `  remedy: …`, with --json one line {"error":{code,message,remedy}}.
const toolchain = (args: string[]) => {
  const root = findRepoRoot();
  return execa(
    join(root, "node_modules", ".bin", "tsx"),
    ["packages/workflow-driver/src/cli/toolchain-cli.ts", ...args],
    {
      cwd: root,
      reject: false,
    },
  );
};

describe("toolchain CLI: the error contract", () => {
  test("an unknown option: exit 2, the two-line human format", async () => {
    const res = await toolchain(["doctor", "--fast"]);
    expect(res.exitCode).toBe(2);
    expect(res.stdout).toBe("");
    expect(res.stderr).toMatch(/^toolchain: error: Unknown argument: fast\n {2}remedy: \S.*$/);
  });

  test("--json: one JSON line {error:{code,message,remedy}} on stdout", async () => {
    const res = await toolchain(["--json"]);
    expect(res.exitCode).toBe(2);
    expect(res.stdout.split("\n")).toHaveLength(1);
    expect(JSON.parse(res.stdout)).toEqual({
      error: { code: "USAGE", message: "name a command: doctor or provision", remedy: expect.any(String) },
    });
  });
});
