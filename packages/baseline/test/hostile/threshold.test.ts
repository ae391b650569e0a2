import { afterAll, describe, expect, it } from "vitest";
import { BASELINE_REL, baselineDoc, removeTempProjects, tempProject } from "../helpers.ts";
import { expectOutcome, expectRefused } from "./harness.ts";

// --threshold is in percent. `10%` was refused as "not a number", and `0.1` (what the baseline's
// JSON stores for 10%) was silently read as 0.1%: a gate a hundred times stricter than meant.
const SAMPLES = [10, 10.2, 9.9, 10.1, 10.05];
const CONFIG = JSON.stringify({ samplesPerRun: 2, benchmarks: [{ name: "quick", command: "true" }] });

async function project(): Promise<string> {
  const doc = JSON.stringify(baselineDoc({ quick: SAMPLES }));
  return tempProject({ "perfgate.config.json": CONFIG, "a.json": doc, [BASELINE_REL]: doc });
}

afterAll(removeTempProjects);

const COMMANDS: Array<[string, string[]]> = [
  ["compare", ["compare", "a.json", "a.json"]],
  ["check", ["check", "--current", "a.json", "--no-reports"]],
  ["calibrate", ["calibrate", "--runs", "1", "--repeat", "1"]],
];

describe("hostile --threshold values", () => {
  for (const [command, args] of COMMANDS) {
    it(`${command} takes --threshold 10% as 10`, async () => {
      const dir = await project();
      await expectOutcome(dir, [...args, "--threshold", "10%"], {
        code: 0,
        says: command === "calibrate" ? /"detects" is .* at --threshold 10 and/ : /within the \+10\.0% threshold/,
      });
    });

    it(`${command} refuses --threshold 0.1 (it would be 0.1%) and asks: did you mean 10?`, async () => {
      const dir = await project();
      const r = await expectRefused(dir, [...args, "--threshold", "0.1"], {
        code: 2,
        message: /--threshold 0\.1 would mean 0\.1%, not 10%: the threshold is in percent/,
        remedy: /did you mean --threshold 10 \(10%\)\? .*--threshold 0\.1%/,
      });
      expect(r.stdout).toBe("");
      expect(r.stderr).not.toMatch(/A\/A check|measuring/);
    });

    it(`${command} does not read --threshold 0x10 as 16`, async () => {
      const dir = await project();
      const r = await expectRefused(dir, [...args, "--threshold", "0x10"], {
        code: 2,
        message: /--threshold "0x10" is not a number/,
        remedy: /--threshold 10 or --threshold 10%/,
      });
      expect(r.output).not.toMatch(/16/);
    });
  }

  it("--threshold 0.05 suggests 5, not 10", async () => {
    const dir = await project();
    await expectRefused(dir, ["compare", "a.json", "a.json", "--threshold", "0.05"], {
      code: 2,
      message: /--threshold 0\.05 would mean 0\.05%, not 5%/,
      remedy: /did you mean --threshold 5 \(5%\)\?/,
    });
  });

  it("--threshold 0.5% (the percent sign says it) is taken as half a percent", async () => {
    const dir = await project();
    await expectOutcome(dir, ["compare", "a.json", "a.json", "--threshold", "0.5%"], {
      code: 0,
      says: /within the \+0\.5% threshold/,
    });
  });

  it.each([["0"], ["-5"], ["1000"], ["0%"], ["10%%"], ["%"]])("--threshold %s is refused with its range", async (v) => {
    const dir = await project();
    await expectRefused(dir, ["compare", "a.json", "a.json", "--threshold", v], {
      code: 2,
      message: new RegExp(`--threshold "?${v.replace(/[%-]/g, "\\$&")}"? (is out of range|is not a number)`),
      remedy: /percent .*from 1 to 999|--threshold 10 or --threshold 10%/,
    });
  });

  it("other numeric options do not read hexadecimal either (--runs 0x2)", async () => {
    const dir = await project();
    await expectRefused(dir, ["establish", "--runs", "0x2", "--out", "b.json"], {
      code: 2,
      message: /--runs "0x2" is not a number/,
      remedy: /--runs 3/,
    });
  });
});
