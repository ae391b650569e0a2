import { afterEach, describe, expect, it } from "vitest";
import { reapChildren, runCli, token } from "./hostile/helpers.ts";

// The one CLI error contract (@perfgate/cli-kit): exit 2, `<cli>: error: …` + `  remedy: …` on
// stderr, and with --json one line {"error":{code,message,remedy}} on stdout. The CLI runs as its
// own process, from its TypeScript source.
afterEach(async () => {
  expect(await reapChildren()).toBe(0);
});

describe("perfgate artifact: the CLI error contract", () => {
  it("an unknown option: exit 2, the two-line human format, nothing on stdout", async () => {
    const r = await runCli(["find", "--repo", "o/r", "--workflow", "ci.yml", "--name", "n", "--bogus"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^perfgate artifact: error: Unknown argument: bogus.*\n {2}remedy: \S.*\n$/);
  });

  it("--json: the error is one JSON line {error:{code,message,remedy}} on stdout; no token printed", async () => {
    const r = await runCli([
      "download",
      "--repo",
      "o/r",
      "--artifact-id",
      "1",
      "--dest",
      "x",
      "--retries",
      "x",
      "--json",
    ]);
    expect(r.code).toBe(2);
    expect(r.stdout.trim().split("\n")).toHaveLength(1);
    expect(JSON.parse(r.stdout)).toEqual({
      error: { code: "INVALID_OPTIONS", message: expect.stringContaining("--retries"), remedy: expect.any(String) },
    });
    expect(r.stderr).toMatch(/^perfgate artifact: error: --retries "x" must be a whole number.*\n {2}remedy: /);
    expect(r.stdout + r.stderr).not.toContain(token);
  });

  it("a missing subcommand is a usage error too (exit 2, not yargs' help and exit 1)", async () => {
    const r = await runCli(["--json"]);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).error.code).toBe("INVALID_OPTIONS");
    expect(r.stderr).toContain("perfgate artifact: error: name a subcommand: find, download or upload");
  });
});
