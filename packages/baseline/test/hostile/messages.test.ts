import { afterAll, describe, expect, it } from "vitest";
import { BASELINE_REL, baselineDoc, removeTempProjects, tempProject } from "../helpers.ts";
import { expectOutcome, expectRefused } from "./harness.ts";

// Item 19: "pass --allow-new" was suggested even when --allow-new was passed.
const SAMPLES = [10, 10.2, 9.9, 10.1, 10.05];

afterAll(removeTempProjects);

describe("hostile combinations: messages say only what is true", () => {
  it("--allow-new with a new and a missing benchmark names only --allow-missing", async () => {
    const dir = await tempProject({
      "a.json": JSON.stringify(baselineDoc({ kept: SAMPLES, gone: SAMPLES })),
      "b.json": JSON.stringify(baselineDoc({ kept: SAMPLES, added: SAMPLES })),
    });
    // The outcome line names the cause and, in its parenthesis, the remedy.
    const r = await expectOutcome(dir, ["compare", "a.json", "b.json", "--allow-new"], {
      code: 2,
      says: /^Performance check incomplete: 1 in the baseline but not measured/,
      remedy: /^Performance check incomplete: .*\(--allow-missing accepts that\)/,
    });
    const outcome = r.stdout.split("\n").find((l) => l.startsWith("Performance check incomplete"));
    expect(outcome).not.toMatch(/--allow-new/);
  });

  it("a baseline name longer than 256 characters", async () => {
    const dir = await tempProject({ "a.json": JSON.stringify(baselineDoc({ ["n".repeat(300)]: SAMPLES })) });
    await expectRefused(dir, ["validate", "a.json"], {
      code: 2,
      message: /baseline file a\.json is invalid: benchmarks\[0\]\.name is longer than 256 characters/,
      remedy: /re-create it with `perfgate establish`/,
    });
  });
});

describe("hostile numbers: the message names the number that is wrong", () => {
  const CONFIG = (samplesPerRun: number) =>
    JSON.stringify({ samplesPerRun, benchmarks: [{ name: "quick", command: "true" }] });

  it("calibrate --repeat 0 names --repeat, not --runs", async () => {
    const dir = await tempProject({ "perfgate.config.json": CONFIG(5) });
    const r = await expectRefused(dir, ["calibrate", "--repeat", "0"], {
      code: 2,
      message: /--repeat 0 must be a whole number from 1 to 1000/,
      remedy: /--repeat 3/,
    });
    expect(r.output).not.toMatch(/--runs|A\/A check/);
  });

  it("a baseline whose settings.runs is out of range names that field, not `--runs undefined`", async () => {
    const doc = baselineDoc({ quick: SAMPLES }, { settings: { runs: 5000, samplesPerRun: 5 } });
    const dir = await tempProject({ "perfgate.config.json": CONFIG(5), [BASELINE_REL]: JSON.stringify(doc) });
    const r = await expectRefused(dir, ["check", "--no-reports"], {
      code: 2,
      message: /no --runs given, and the baseline's settings\.runs \(5000\) is not a whole number from 1 to 1000/,
      remedy: /pass --runs, e\.g\. --runs 3/,
    });
    expect(r.output).not.toMatch(/undefined|measuring/);
  });

  it("a one-pair calibration says it cannot detect anything, not 'detects >= +10.0%'", async () => {
    const dir = await tempProject({ "perfgate.config.json": CONFIG(1) });
    const r = await expectOutcome(dir, ["calibrate", "--runs", "1", "--repeat", "1"], {
      code: 0,
      says: /^quick .* nothing \(1 pair per check, a verdict needs 5\)/,
      remedy: /^Run calibrate again with --runs 9 /,
    });
    expect(r.stdout).not.toMatch(/≥ \+|reliably detected/);
    const json = await expectOutcome(dir, ["calibrate", "--runs", "1", "--repeat", "1", "--json"], {
      code: 0,
      says: /"outcome": "calibrated"/,
    });
    const row = JSON.parse(json.stdout).rows[0];
    expect(row).toMatchObject({ pairs: 1, detectable: null, runsFor2x: null });
  });
});
