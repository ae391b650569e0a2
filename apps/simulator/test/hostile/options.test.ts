import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fingerprint } from "@perfgate/cli-kit/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { simulateCli } from "../helpers.ts";

// Item 2 of issue 11 for `simulate` and `simulate run`: a bad --timeout is exit 2 before anything
// runs or is written (it was NaN passed on as the run's timeout). No Docker, no act, no mock.
let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "perfgate-sim-hostile-"));
  await mkdir(join(work, "repo", ".github", "workflows"), { recursive: true });
  await writeFile(join(work, "repo", ".github", "workflows", "ci.yml"), "on: push\njobs: {}\n");
});
afterAll(() => rm(work, { recursive: true, force: true }));

const range = "it takes a number of seconds from 1 to 86400";
const remedy = "Give --timeout a number of seconds from 1 to 86400, e.g. `--timeout 600`; nothing was run or written.";

describe("--timeout is checked while parsing", () => {
  const cases: [string, string[], string, string][] = [
    ["simulate regression --timeout abc", ["regression"], "abc", "is not a number"],
    ["simulate all --timeout 0", ["all"], "0", "is out of range"],
    ["simulate run <repo> --timeout abc", ["run", join("<work>", "repo"), "--event", "push"], "abc", "is not a number"],
    ["simulate run <repo> --timeout=-5", ["run", join("<work>", "repo"), "--event", "push"], "-5", "is out of range"],
  ];
  for (const [name, words, value, says] of cases) {
    it(`${name}: exit 2 naming the flag, the value and the range; no state dir, the repo untouched`, async () => {
      const state = join(work, `state-${value}`);
      const args = words.map((w) => w.replace("<work>", work));
      const before = await fingerprint(work);
      const run = args[0] === "run";
      const r = await simulateCli([...args, `--timeout=${value}`, ...(run ? [] : ["--state", state])]);
      const cli = run ? "simulate run" : "simulate";
      expect(r.exitCode).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toBe(`${cli}: error: --timeout "${value}" ${says}; ${range}\n  remedy: ${remedy}`);
      expect(await fingerprint(work)).toEqual(before); // no state directory, nothing in the repo
    });
  }

  it("--json: the refusal as one JSON line, code USAGE (simulate) / INVALID_OPTIONS (simulate run)", async () => {
    const a = await simulateCli(["status", "--timeout", "soon", "--state", join(work, "s"), "--json"]);
    const b = await simulateCli(["run", join(work, "repo"), "--event", "push", "--timeout", "soon", "--json"]);
    for (const [r, code] of [
      [a, "USAGE"],
      [b, "INVALID_OPTIONS"],
    ] as const) {
      expect(r.exitCode).toBe(2);
      expect(JSON.parse(r.stdout)).toEqual({
        error: { code, message: `--timeout "soon" is not a number; ${range}`, remedy },
      });
    }
  });
});
