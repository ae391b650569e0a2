import { rm } from "node:fs/promises";
import { afterAll, describe, expect, it } from "vitest";
import { simulateCli, tempStateDir } from "./helpers.ts";

const made: string[] = [];
const stateDir = async () => {
  const dir = await tempStateDir();
  made.push(dir);
  return dir;
};
afterAll(async () => {
  for (const dir of made) await rm(dir, { recursive: true, force: true });
});

// The one CLI error contract (@perfgate/cli-kit) of `simulate` and `simulate run`, each as its own
// process from source, with input refused before anything starts (no mock, no act, no Docker):
// exit 2, `<command>: error: …` + `  remedy: …`, with --json one line {"error":{code,message,remedy}}.
describe("simulate: the CLI error contract", () => {
  it("an unknown option: exit 2, the two-line human format, nothing on stdout", async () => {
    const res = await simulateCli(["status", "--state", await stateDir(), "--nope"]);
    expect(res.exitCode).toBe(2);
    expect(res.stdout).toBe("");
    expect(res.stderr).toMatch(/^simulate: error: Unknown argument: nope\n {2}remedy: See `pnpm simulate --help`\.$/);
  });

  it("--json: one JSON line {error:{code,message,remedy}} on stdout", async () => {
    const res = await simulateCli(["status", "--state", await stateDir(), "--nope", "--json"]);
    expect(res.exitCode).toBe(2);
    expect(res.stdout.split("\n")).toHaveLength(1);
    expect(JSON.parse(res.stdout)).toEqual({
      error: { code: "USAGE", message: "Unknown argument: nope", remedy: "See `pnpm simulate --help`." },
    });
  });

  it("simulate run: a missing repository is exit 2 in the same shape, named `simulate run`", async () => {
    const res = await simulateCli(["run", "--event", "push", "--json"]);
    expect(res.exitCode).toBe(2);
    expect(JSON.parse(res.stdout)).toEqual({
      error: {
        code: "INVALID_OPTIONS",
        message: expect.stringContaining("arguments"),
        remedy: "See `simulate run --help`.",
      },
    });
    expect(res.stderr).toMatch(/^simulate run: error: .+\n {2}remedy: See `simulate run --help`\.$/);
  });
});
