import { promises as fs } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BASELINE_REL, baselineDoc, commitAll, removeTempProjects, tempProject } from "../helpers.ts";
import { expectOutcome } from "./harness.ts";

// A hostile environment: TMPDIR naming a folder that is not there made paired check's unguarded
// mkdtemp a stack trace ("this is a bug"); calibrate with GITHUB_STEP_SUMMARY a directory failed
// the same way, and only after measuring.

const CONFIG = { samplesPerRun: 2, benchmarks: [{ name: "quick", command: "true" }] };
// Far slower than `true` on any runner, so the stored comparison cannot fail on a busy one.
const SAMPLES = [1000, 1010, 990, 1000, 1005];

afterAll(removeTempProjects);

/** A repository whose baseline records its first commit, so check measures that commit beside the PR's. */
async function repo(): Promise<string> {
  const dir = await tempProject({ "perfgate.config.json": JSON.stringify(CONFIG) });
  const sha = await commitAll(dir);
  const doc = baselineDoc({ quick: SAMPLES }, { git: { sha, ref: "refs/heads/main" } });
  await fs.mkdir(path.join(dir, path.dirname(BASELINE_REL)), { recursive: true });
  await fs.writeFile(path.join(dir, BASELINE_REL), JSON.stringify(doc));
  await commitAll(dir, "the pull request"); // its own commit: a base equal to a clean HEAD pairs nothing
  return dir;
}

describe("hostile environment", () => {
  for (const [what, tmpdir] of [
    ["a folder that does not exist", "/nonexistent-perfgate-tmp"],
    ["a file", "/etc/hostname"],
  ] as const) {
    it(`TMPDIR naming ${what}: check says paired mode needs a temporary folder, with a remedy`, async () => {
      const dir = await repo();
      const r = await expectOutcome(dir, ["check", "--no-reports", "--runs", "1"], {
        code: 0,
        says: new RegExp(
          `^perfgate check: paired mode is not possible: cannot create the base commit's temporary worktree in ${tmpdir} \\(TMPDIR\\): it ${what === "a file" ? "is not a folder" : "does not exist"}`,
        ),
        remedy: /point TMPDIR at an existing writable folder \(or unset it\), or pass --no-paired/,
        env: { TMPDIR: tmpdir },
      });
      expect(r.stdout).toMatch(/^No performance regression/m);
    });
  }

  it("calibrate with GITHUB_STEP_SUMMARY a directory warns before measuring, as check does, and still reports", async () => {
    const dir = await tempProject({ "perfgate.config.json": JSON.stringify(CONFIG), "summary/keep": "x" });
    const r = await expectOutcome(dir, ["calibrate", "--runs", "1", "--repeat", "1"], {
      code: 0,
      says: /^⚠ warning: could not append to GITHUB_STEP_SUMMARY \(.*\/summary is a directory, not a file\)/,
      remedy: /point GITHUB_STEP_SUMMARY at a regular file/,
      env: { GITHUB_STEP_SUMMARY: path.join(dir, "summary") },
    });
    const lines = r.stderr.split("\n");
    const warned = lines.findIndex((l) => l.includes("GITHUB_STEP_SUMMARY"));
    const measured = lines.findIndex((l) => l.includes("A/A check 1/1"));
    expect(warned, r.stderr).toBeGreaterThanOrEqual(0);
    expect(warned, "the warning comes before minutes of measuring").toBeLessThan(measured);
    expect(
      lines.filter((l) => l.includes("GITHUB_STEP_SUMMARY")),
      "warned once",
    ).toHaveLength(1);
    expect(r.stdout).toMatch(/^quick /m);
  });

  it("calibrate with GITHUB_STEP_SUMMARY in a folder that does not exist warns after measuring", async () => {
    const dir = await tempProject({ "perfgate.config.json": JSON.stringify(CONFIG) });
    await expectOutcome(dir, ["calibrate", "--runs", "1", "--repeat", "1"], {
      code: 0,
      says: /^⚠ warning: could not append to GITHUB_STEP_SUMMARY \(.*no\/summary.md/,
      remedy: /point GITHUB_STEP_SUMMARY at a regular file/,
      env: { GITHUB_STEP_SUMMARY: path.join(dir, "no", "summary.md") },
    });
  });
});
