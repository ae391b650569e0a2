import { afterAll, describe, expect, it } from "vitest";
import { BASELINE_REL, baselineDoc, removeTempProjects, tempProject } from "../helpers.ts";
import { expectRefused } from "./harness.ts";

// Item 2: a bad option stops the command before anything runs or is written (yargs' .fail() used
// to set exit code 2 and let the handler run anyway, which then overwrote it with 0).
const SAMPLES = [10, 10.2, 9.9, 10.1, 10.05];
const CONFIG = JSON.stringify({ benchmarks: [{ name: "quick", command: "true" }] });

async function project(): Promise<string> {
  const doc = JSON.stringify(baselineDoc({ quick: SAMPLES }));
  return tempProject({ "perfgate.config.json": CONFIG, "a.json": doc, [BASELINE_REL]: doc });
}

const usage = /see `perfgate --help`.*nothing was run or written/;

afterAll(removeTempProjects);

describe("hostile options: exit 2 before anything runs", () => {
  it("compare with an unknown flag prints no verdict", async () => {
    const dir = await project();
    const r = await expectRefused(dir, ["compare", "a.json", "a.json", "--no-such-flag"], {
      code: 2,
      message: /unknown option --such-flag/,
      remedy: usage,
    });
    expect(r.stdout).toBe("");
  });

  it("--threshhold 5 (a typo) says did you mean --threshold", async () => {
    const dir = await project();
    const r = await expectRefused(dir, ["compare", "a.json", "a.json", "--threshhold", "5"], {
      code: 2,
      message: /unknown option --threshhold \(did you mean --threshold\?\)/,
      remedy: usage,
    });
    expect(r.stdout).not.toMatch(/regression/i);
  });

  it("import --format criterion writes nothing", async () => {
    const dir = await tempProject({ "h.json": JSON.stringify({ results: [{ command: "x", times: [0.1, 0.2] }] }) });
    await expectRefused(dir, ["import", "--format", "criterion", "h.json", "--out", "o.json"], {
      code: 2,
      message: /--format "criterion" is not one of "pytest-benchmark", "google-benchmark", "hyperfine"/,
      remedy: /pick one of those/,
    });
  });

  it("artifact find --brnch main (mounted subcommand) does not search every branch", async () => {
    const dir = await tempProject({});
    const args = ["artifact", "find", "--repo", "a/b", "--workflow", "ci.yml", "--name", "x", "--brnch", "main"];
    // An unreachable API: had the search run, the error would be a connection failure, not usage.
    const r = await expectRefused(dir, [...args, "--api-url", "http://127.0.0.1:9", "--token", "t"], {
      code: 2,
      message: /unknown option --brnch \(did you mean --branch\?\)/,
      remedy: usage,
    });
    expect(r.output).not.toMatch(/ECONNREFUSED|fetch failed/);
  });

  it("artifact upload --retention-days abc (mounted subcommand) names the flag and its range, with an example", async () => {
    const dir = await tempProject({ "f.txt": "x" });
    const r = await expectRefused(dir, ["artifact", "upload", "f.txt", "--name", "x", "--retention-days", "abc"], {
      code: 2,
      message: /--retention-days "abc" is not a number; it takes a whole number of days from 1 to 90/,
      // The artifact chunk's own remedy reaches perfgate's usage error (not the generic one).
      remedy: /Give --retention-days a whole number of days from 1 to 90, e\.g\. `--retention-days 30`/,
    });
    expect(r.output).not.toMatch(/NaN|retentionDays/);
  });

  it("check with an unknown flag measures nothing and writes no report", async () => {
    const dir = await project();
    const r = await expectRefused(dir, ["check", "--current", "a.json", "--verbos"], {
      code: 2,
      message: /unknown option --verbos \(did you mean --verbose\?\)/,
      remedy: usage,
    });
    expect(r.stderr).not.toMatch(/measuring/);
  });

  it("establish --runz 3 writes no baseline", async () => {
    const dir = await tempProject({ "perfgate.config.json": CONFIG });
    await expectRefused(dir, ["establish", "--runz", "3"], {
      code: 2,
      message: /unknown option --runz \(did you mean --runs\?\)/,
      remedy: usage,
    });
  });

  it("--threshold abc names the value, not NaN", async () => {
    const dir = await project();
    const r = await expectRefused(dir, ["compare", "a.json", "a.json", "--threshold", "abc"], {
      code: 2,
      message: /--threshold "abc" is not a number/,
      remedy: /--threshold 10/,
    });
    expect(r.output).not.toMatch(/NaN/);
  });

  it("--noise-floor-ms and --runs that are not numbers", async () => {
    const dir = await project();
    await expectRefused(dir, ["compare", "a.json", "a.json", "--noise-floor-ms", "two"], {
      code: 2,
      message: /--noise-floor-ms "two" is not a number/,
      remedy: /e\.g\. --noise-floor-ms 2/,
    });
    await expectRefused(dir, ["check", "--runs", "many"], {
      code: 2,
      message: /--runs "many" is not a number/,
      remedy: /--runs 3/,
    });
  });

  it("a flag with its value missing (--threshold at the end)", async () => {
    const dir = await project();
    await expectRefused(dir, ["compare", "a.json", "a.json", "--threshold"], {
      code: 2,
      message: /--threshold needs a value/,
      remedy: /give it one/,
    });
  });

  it("a flag given twice", async () => {
    const dir = await project();
    await expectRefused(dir, ["compare", "a.json", "a.json", "--threshold", "10", "--threshold", "50"], {
      code: 2,
      message: /--threshold was given 2 times/,
      remedy: /give it once/,
    });
  });

  it("-C to a file says it is not a directory (not ENOTDIR)", async () => {
    const dir = await project();
    const r = await expectRefused(dir, ["-C", "a.json", "validate"], {
      code: 2,
      message: /-C a\.json is not a directory/,
      remedy: /point -C at the project directory/,
    });
    expect(r.output).not.toMatch(/ENOTDIR/);
  });

  it("-C to a folder that does not exist", async () => {
    const dir = await project();
    await expectRefused(dir, ["-C", "nope", "check"], {
      code: 2,
      message: /-C nope does not exist/,
      remedy: /point -C at the project directory/,
    });
  });

  it("a misspelt command gets a did-you-mean", async () => {
    const dir = await project();
    await expectRefused(dir, ["compair", "a.json", "a.json"], {
      code: 2,
      message: /unknown command "compair" \(did you mean compare\?\)/,
      remedy: usage,
    });
  });

  it("an extra positional argument", async () => {
    const dir = await project();
    await expectRefused(dir, ["validate", "a.json", "b.json"], {
      code: 2,
      message: /unknown argument "b\.json"/,
      remedy: usage,
    });
  });

  it("with --json the usage error is JSON on stdout", async () => {
    const dir = await project();
    const r = await expectRefused(dir, ["compare", "a.json", "a.json", "--json", "--bogus"], {
      code: 2,
      message: /unknown option --bogus/,
      remedy: usage,
    });
    const { error } = JSON.parse(r.stdout);
    expect(error).toMatchObject({ code: "USAGE", message: expect.stringMatching(/unknown option --bogus/) });
    expect(error.remedy).toMatch(usage);
  });
});
