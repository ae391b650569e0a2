import { describe, expect, it } from "vitest";
import { runCli, tempProject } from "./helpers.ts";

// The one CLI error contract (@perfgate/cli-kit), on the real bundle: exit 2, `perfgate: error: …`
// + `  remedy: …`, and with --json one line {"error":{code,message,remedy}} on stdout. The mounted
// `perfgate artifact` keeps the same codes (it used 1 for errors and 3 for "not found" before).
const HUMAN = /^perfgate: error: .+\n {2}remedy: \S.*\n$/;

describe("perfgate: the CLI error contract", () => {
  it("a missing baseline: exit 2, the two-line human format, nothing on stdout", async () => {
    const dir = await tempProject({});
    const r = await runCli(["validate"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(HUMAN);
  });

  it("--json: one JSON line of exactly {error:{code,message,remedy}}", async () => {
    const dir = await tempProject({});
    const r = await runCli(["check", "--threshold", "abc", "--json"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout.trim().split("\n")).toHaveLength(1);
    expect(JSON.parse(r.stdout)).toEqual({
      error: { code: "USAGE", message: '--threshold "abc" is not a number', remedy: expect.any(String) },
    });
    expect(r.stderr).toMatch(HUMAN);
  });

  it("perfgate artifact: a usage error is exit 2 in the same shape, named `perfgate artifact` once it runs", async () => {
    const dir = await tempProject({});
    const usage = await runCli(["artifact", "find", "--json"], { cwd: dir });
    expect(usage.code).toBe(2);
    expect(Object.keys(JSON.parse(usage.stdout))).toEqual(["error"]);
    const token = "t0k3n-never-printed-1a2b3c";
    const args = ["artifact", "find", "--repo", "o/r", "--workflow", "ci.yml", "--name", "n", "--json"];
    const refused = await runCli([...args, "--api-url", "http://127.0.0.1:9", "--retries", "0", "--token", token], {
      cwd: dir,
    });
    expect(refused.code).toBe(2);
    expect(JSON.parse(refused.stdout).error).toMatchObject({ code: expect.any(String), remedy: expect.any(String) });
    expect(refused.stderr).toMatch(/^perfgate artifact: error: .+\n {2}remedy: \S/);
    expect(refused.output).not.toContain(token);
  });
});
