import { beforeAll, describe, expect, it } from "vitest";
import { runCommand } from "../src/run/index.ts";
import type { RunResult } from "../src/run/types.ts";
import { ensureToolchain } from "../src/toolchain/index.ts";
import { leftoverContainers, prepareRepo } from "./helpers.ts";

function capture() {
  const out = { stdout: "", stderr: "" };
  const io = {
    stdout: (s: string) => {
      out.stdout += s;
    },
    stderr: (s: string) => {
      out.stderr += s;
    },
  };
  return { out, io };
}

beforeAll(async () => {
  await ensureToolchain();
}, 600_000);

describe("simulate run (runCommand)", () => {
  it("runs a repository's workflow against a mock it starts itself and prints the result as JSON", async () => {
    const { dir } = await prepareRepo("basics");
    const { out, io } = capture();
    const code = await runCommand(
      [dir, "--event", "push", "--workflow", ".github/workflows/pass.yml", "--job", "build", "--json"],
      io,
    );
    expect(code, out.stderr).toBe(0);
    const result = JSON.parse(out.stdout) as RunResult;
    expect(result.jobs.map((j) => [j.id, j.result])).toEqual([["build", "success"]]);
    expect(out.stderr).toContain("✓ Compute");
    expect(await leftoverContainers()).toEqual([]);
  }, 120_000);

  it("exits 2 with a remedy when the workflow cannot be chosen or the input is wrong", async () => {
    const { dir } = await prepareRepo("basics");
    const { out, io } = capture();
    expect(await runCommand([dir, "--event", "push"], io)).toBe(2);
    expect(out.stderr).toMatch(/holds 4 workflows .*\n {2}fix: Name one with --workflow/);
    const bad = capture();
    expect(await runCommand([dir, "--event", "release"], bad.io)).toBe(2);
    expect(bad.out.stderr).toMatch(/Invalid values/);
  });
});
