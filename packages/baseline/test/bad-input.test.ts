import { promises as fs } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BASELINE_REL, baselineDoc, listTree, runCli, tempProject } from "./helpers.ts";

const SLEEP_CONFIG = JSON.stringify({ benchmarks: [{ name: "quick", command: "true" }] });
const GOOD_SAMPLES = [10, 10.2, 9.9, 10.1, 10.05];

/**
 * Every unusable input: exit 2, exactly one `perfgate: error:` line with a
 * `remedy:`, no stack trace, and no file created, changed or overwritten.
 */
async function expectUnusable(dir: string, args: string[], message: RegExp): Promise<string> {
  const before = await snapshot(dir);
  const r = await runCli(args, { cwd: dir });
  expect(r.code, r.output).toBe(2);
  const errors = r.stderr.split("\n").filter((l) => l.startsWith("perfgate: error:"));
  expect(errors, r.stderr).toHaveLength(1);
  expect(errors[0]).toMatch(message);
  expect(r.stderr).toMatch(/^ {2}remedy: \S.+/m);
  expect(r.output).not.toMatch(/at .+\.(ts|js|cjs):\d+/); // no stack trace
  expect(r.output).not.toMatch(/Expecting value|Unexpected end of JSON input$/m);
  expect(await snapshot(dir)).toEqual(before);
  return errors[0]!;
}

async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of await listTree(dir)) out[f] = await fs.readFile(path.join(dir, f), "utf8");
  return out;
}

async function projectWithBaseline(content: string, config = SLEEP_CONFIG): Promise<string> {
  return tempProject({ "perfgate.config.json": config, [BASELINE_REL]: content });
}

const check = ["check", "--threshold", "10"];

describe("bad baseline input: check and validate exit 2 with one clear message", () => {
  it("missing baseline file", async () => {
    const dir = await tempProject({ "perfgate.config.json": SLEEP_CONFIG });
    await expectUnusable(dir, check, /baseline file .*current_performance_baseline\.json does not exist/);
    await expectUnusable(dir, ["validate", BASELINE_REL], /does not exist/);
  });

  it("empty file (the seed's `Expecting value: line 1 column 1` bug)", async () => {
    const dir = await projectWithBaseline("");
    const line = await expectUnusable(
      dir,
      check,
      /baseline file .*current_performance_baseline\.json is empty \(0 bytes\)/,
    );
    expect(line).toContain(BASELINE_REL);
    await expectUnusable(dir, ["validate", BASELINE_REL], /is empty \(0 bytes\)/);
  });

  it("in GitHub Actions, an unusable baseline is an error for check but only a warning for validate", async () => {
    // validate failing is the workflow's road to the fallback baseline, so it must not mark the job red.
    const dir = await projectWithBaseline("");
    const env = { GITHUB_ACTIONS: "true" };
    const validated = await runCli(["validate", BASELINE_REL], { cwd: dir, env });
    expect(validated.code).toBe(2);
    expect(validated.stderr).toMatch(/^::warning title=perfgate::.*is empty \(0 bytes\)/m);
    expect(validated.stderr).not.toMatch(/^::error/m);
    const checked = await runCli(check, { cwd: dir, env });
    expect(checked.code).toBe(2);
    expect(checked.stderr).toMatch(/^::error title=perfgate::.*is empty \(0 bytes\)/m);
  });

  it("whitespace-only file counts as empty", async () => {
    const dir = await projectWithBaseline("  \n");
    await expectUnusable(dir, ["validate"], /is empty \(3 bytes\)/);
  });

  it("truncated JSON says where it stops", async () => {
    const full = JSON.stringify(baselineDoc({ quick: GOOD_SAMPLES }), null, 2);
    // Cut inside a value, after a comma, and inside a string: all are reported as truncation.
    for (const cut of [full.indexOf("10.2") + 2, full.indexOf("10.2") + 5, full.indexOf('"command"') + 4]) {
      const dir = await projectWithBaseline(full.slice(0, cut));
      await expectUnusable(dir, check, /ends abruptly at line \d+, column \d+ \(\d+ bytes\): the file looks truncated/);
    }
  });

  it("syntax error says line and column", async () => {
    const dir = await projectWithBaseline('{\n  "schema": "perfgate-baseline",\n  "version": 1,,\n}');
    await expectUnusable(
      dir,
      ["validate"],
      /is not valid JSON at line 3, column 16: Expected double-quoted property name/,
    );
  });

  it("valid JSON of another shape (e.g. the seed's own format)", async () => {
    const dir = await projectWithBaseline(
      JSON.stringify({ benchmarks: { test_x: { mean: 0.1 } }, timestamp: "2025-10-01" }),
    );
    await expectUnusable(dir, check, /is JSON but not a perfgate baseline .*top-level keys: benchmarks, timestamp/);
    const arr = await projectWithBaseline("[1, 2, 3]");
    await expectUnusable(arr, ["validate"], /holds an array, not a perfgate baseline object/);
  });

  it("newer schema version", async () => {
    const dir = await projectWithBaseline(JSON.stringify(baselineDoc({ quick: GOOD_SAMPLES }, { version: 2 })));
    await expectUnusable(dir, check, /schema version 2, newer than this perfgate understands \(version 1\)/);
  });

  it("older schema version", async () => {
    const dir = await projectWithBaseline(JSON.stringify(baselineDoc({ quick: GOOD_SAMPLES }, { version: 0 })));
    await expectUnusable(dir, ["validate"], /schema version 0, older than this perfgate reads \(version 1\)/);
  });

  it("NaN samples (as Python's json.dump writes them)", async () => {
    const text = JSON.stringify(baselineDoc({ quick: GOOD_SAMPLES }), null, 2).replace("10.2", "NaN");
    const dir = await projectWithBaseline(text);
    await expectUnusable(dir, check, /contains NaN at line \d+, column \d+/);
  });

  it("null, zero and negative samples name the exact sample", async () => {
    for (const [bad, shown] of [
      [null, "null"],
      [0, "0"],
      [-3.5, "-3.5"],
    ] as const) {
      const doc = baselineDoc({ quick: [...GOOD_SAMPLES] });
      (doc.benchmarks[0]!.samples as unknown[])[2] = bad;
      const dir = await projectWithBaseline(JSON.stringify(doc));
      const line = await expectUnusable(dir, ["validate"], /is invalid: benchmarks\[0\]\.samples\[2\]:/);
      expect(line).toContain(`(found ${shown})`);
    }
  });

  it("a baseline path that is a directory", async () => {
    const dir = await tempProject({ "perfgate.config.json": SLEEP_CONFIG, "metrics/baselines/x/keep": "" });
    await expectUnusable(dir, ["validate", "metrics/baselines/x"], /is a directory/);
  });
});

describe("bad config and failing benchmarks: exit 2, nothing written", () => {
  it("no config file", async () => {
    const dir = await tempProject({});
    await expectUnusable(dir, ["establish", "--runs", "1"], /no perfgate\.config\.json in /);
  });

  it("unknown config keys, with a did-you-mean", async () => {
    const dir = await tempProject({
      "perfgate.config.json": JSON.stringify({ benchmarks: [{ name: "a", comand: "true" }] }),
    });
    await expectUnusable(dir, ["establish"], /needs exactly one of "harness" .*"command"/);
    const typo = await tempProject({
      "perfgate.config.json": JSON.stringify({ benchmarks: [{ name: "a", command: "true", warmpu: 2 }] }),
    });
    await expectUnusable(typo, ["establish"], /benchmarks\[0\]: unknown key "warmpu" \(did you mean "warmup"\?\)/);
    const top = await tempProject({ "perfgate.config.json": JSON.stringify({ benchmark: [] }) });
    await expectUnusable(top, ["establish"], /unknown key "benchmark" \(did you mean "benchmarks"\?\)/);
  });

  it("a command that exits non-zero is an error for that benchmark, never a timing; the old baseline stays", async () => {
    const config = JSON.stringify({
      benchmarks: [
        { name: "ok", command: "true" },
        { name: "broken", command: "echo boom >&2; exit 3" },
      ],
    });
    const dir = await projectWithBaseline(
      JSON.stringify(baselineDoc({ ok: GOOD_SAMPLES, broken: GOOD_SAMPLES })),
      config,
    );
    await expectUnusable(dir, ["establish", "--runs", "1"], /benchmark broken: command exited with code 3: echo boom/);
    const r = await runCli([...check, "--no-reports"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/! error +broken/);
    expect(r.stdout).toMatch(/Performance check incomplete: 1 failed to run/);
  });

  it("a module benchmark that throws is an error for that benchmark", async () => {
    const dir = await tempProject({
      "perfgate.config.json": JSON.stringify({
        benchmarks: [{ name: "thrower", module: "bench/t.mjs", export: "boom" }],
      }),
      "bench/t.mjs": "export function boom() { throw new Error('kaput'); }\n",
    });
    await expectUnusable(dir, ["establish", "--runs", "1"], /benchmark thrower threw: kaput/);
  });

  it("a module without the named export", async () => {
    const dir = await tempProject({
      "perfgate.config.json": JSON.stringify({ benchmarks: [{ name: "x", module: "bench/t.mjs", export: "nope" }] }),
      "bench/t.mjs": "export function yes() {}\n",
    });
    await expectUnusable(dir, ["establish", "--runs", "1"], /has no exported function "nope"/);
  });

  it("benchmarks present in only one side (compare)", async () => {
    const dir = await tempProject({
      "a.json": JSON.stringify(baselineDoc({ one: GOOD_SAMPLES, two: GOOD_SAMPLES })),
      "b.json": JSON.stringify(baselineDoc({ one: GOOD_SAMPLES, three: GOOD_SAMPLES })),
    });
    const r = await runCli(["compare", "a.json", "b.json"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/- missing +two/);
    expect(r.stdout).toMatch(/\+ new +three/);
    expect(r.stdout).toMatch(
      /Performance check incomplete: 1 in the baseline but not measured .*1 not in the baseline/,
    );
    const allowed = await runCli(["compare", "a.json", "b.json", "--allow-new", "--allow-missing"], { cwd: dir });
    expect(allowed.code).toBe(0);
  });

  it("bad flag values and unknown commands", async () => {
    const dir = await tempProject({
      "perfgate.config.json": SLEEP_CONFIG,
      [BASELINE_REL]: JSON.stringify(baselineDoc({ quick: GOOD_SAMPLES })),
    });
    await expectUnusable(dir, ["check", "--threshold", "-5"], /--threshold -5 is out of range/);
    await expectUnusable(dir, ["check", "--max-age", "soon"], /--max-age "soon" is not a duration/);
    await expectUnusable(dir, ["establish", "--runs", "0"], /--runs 0 must be a whole number/);
    await expectUnusable(dir, ["frobnicate"], /unknown argument "frobnicate"/);
  });

  it("--json carries the error as JSON on stdout", async () => {
    const dir = await projectWithBaseline("");
    const r = await runCli(["validate", "--json"], { cwd: dir });
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.stdout);
    expect(doc).toEqual({ error: { code: "BASELINE_EMPTY", message: expect.any(String), remedy: expect.any(String) } });
    expect(doc.error.message).toMatch(/is empty \(0 bytes\)/);
    expect(doc.error.remedy).toMatch(/perfgate establish/);
  });
});
