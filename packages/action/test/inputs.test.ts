import { existsSync, readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import { startMockServer } from "@perfgate/mock-github";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkArgs, establishArgs } from "../src/cli-args.ts";
import { ActionError } from "../src/errors.ts";
import { readInputs } from "../src/inputs.ts";
import { type Mock, mockStep } from "./mock-step.ts";
import { ACTION_DIR, sampleProject } from "./run-action.ts";

/** action.yml's inputs with their defaults, read from the file the runner reads. */
function actionYmlInputs(): Record<string, string> {
  const text = readFileSync(path.join(ACTION_DIR, "..", "..", "action.yml"), "utf8");
  const block = text.slice(text.indexOf("\ninputs:\n"), text.indexOf("\noutputs:\n"));
  const inputs: Record<string, string> = {};
  let name = "";
  for (const line of block.split("\n")) {
    const input = /^ {2}([\w-]+):$/.exec(line);
    if (input) name = input[1]!;
    const value = /^ {4}default: (.*)$/.exec(line);
    if (value && name) inputs[name] = value[1]!.replace(/^"(.*)"$/, "$1");
  }
  return inputs;
}

/** The runner's view of the step: action.yml's defaults (a token for the expression), `over` on top. */
function get(over: Record<string, string> = {}): (name: string) => string {
  const inputs: Record<string, string> = { ...actionYmlInputs(), "github-token": "t", ...over };
  return (name) => inputs[name] ?? "";
}

function refusal(over: Record<string, string>): ActionError {
  try {
    readInputs(get(over));
  } catch (error) {
    if (error instanceof ActionError) return error;
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(over)}`);
}

describe("the action's inputs", () => {
  it("reads every input action.yml declares, and only those; takes its defaults", () => {
    const asked: string[] = [];
    readInputs((name) => {
      asked.push(name);
      return get()(name);
    });
    expect(asked.sort()).toEqual(Object.keys(actionYmlInputs()).sort());
    expect(readInputs(get())).toMatchObject({
      threshold: 10,
      runs: 3,
      maxAge: "30d",
      retentionDays: 90,
      onUnchecked: "fail",
      strictBenchmarks: false,
    });
    // An input the workflow leaves out arrives as "".
    expect(readInputs(get({ "on-unchecked": "", "strict-benchmarks": "", "max-age": "" }))).toMatchObject({
      onUnchecked: "fail",
      strictBenchmarks: false,
      maxAge: "30d",
    });
  });

  it("refuses what the CLI would refuse, or read as a flag or as something else", () => {
    const e = refusal({ "max-age": "--no-paired" });
    expect(e.code).toBe("BAD_INPUT");
    expect(e.message).toContain(
      "input max-age must be a duration such as 30d, 12h, 90m or 2w, or off, got '--no-paired'",
    );
    expect(e.remedy).toContain("max-age:");
    expect(refusal({ threshold: "0" }).message).toContain("input threshold must be a number above 0 and below 1000");
    expect(refusal({ threshold: "0x10" }).message).toContain("got '0x10'");
    expect(refusal({ threshold: "1000" }).code).toBe("BAD_INPUT");
    expect(refusal({ threshold: "ten" }).message).toContain("got 'ten'");
    expect(refusal({ runs: "1001" }).message).toContain("input runs must be a whole number from 1 to 1000");
    expect(refusal({ runs: "2.5" }).code).toBe("BAD_INPUT");
    expect(refusal({ "retention-days": "0" }).message).toContain("from 1 to 90");
    expect(refusal({ "on-unchecked": "maybe" }).message).toContain("input on-unchecked must be one of fail, warn");
    expect(refusal({ "strict-benchmarks": "yes" }).message).toContain("input strict-benchmarks must be true or false");
    expect(refusal({ "main-branch": "--help" }).message).toContain("input main-branch");
    expect(readInputs(get({ threshold: "12.5", runs: "1000", "max-age": "OFF" }))).toMatchObject({
      threshold: 12.5,
      runs: 1000,
      maxAge: "off",
    });
    expect(readInputs(get({ "strict-benchmarks": "TRUE" })).strictBenchmarks).toBe(true);
  });

  it("are passed to the CLI as --flag=value, so no value is read as a flag", () => {
    const inputs = readInputs(get({ threshold: "7.5", "max-age": "12h", runs: "2" }));
    expect(checkArgs(inputs, { baseline: "/w/b.json" })).toEqual([
      "check",
      "--baseline=/w/b.json",
      "--threshold=7.5%",
      "--runs=2",
      "--max-age=12h",
      "--verbose",
    ]);
    expect(checkArgs(readInputs(get({ "strict-benchmarks": "true" })), { baseSha: "f".repeat(40) })).toEqual([
      "check",
      `--base=${"f".repeat(40)}`,
      "--without-baseline",
      "--threshold=10%",
      "--runs=3",
      "--verbose",
      "--strict-benchmarks",
    ]);
    expect(establishArgs(inputs, "/w/b.json")).toEqual(["establish", "--runs=2", "--out=/w/b.json"]);
  });
});

describe("the action's bundle with a bad input", () => {
  let mock: Mock;
  const dirs: string[] = [];
  beforeAll(async () => {
    mock = await startMockServer();
  });
  afterAll(async () => {
    await mock?.close();
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it("max-age: --no-paired is refused before anything is measured", async () => {
    const dir = await sampleProject();
    dirs.push(dir);
    const res = await mockStep(mock, dir, {
      event: "pull_request",
      branch: "feature/flag-in-input",
      inputs: { "max-age": "--no-paired" },
    });
    expect(res.exitCode).toBe(1);
    expect(res.stdout).toMatch(/::error title=perfgate BAD_INPUT::input max-age must be a duration/);
    expect(existsSync(path.join(dir, "metrics"))).toBe(false);
    expect(res.outputs.status).toBe("failed");
  });
});
