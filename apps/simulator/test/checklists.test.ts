import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evaluateChecklist, type ScenarioFacts } from "../src/checklist/types.ts";
import { ALL_ORDER, SCENARIOS, type ScenarioName } from "../src/scenarios/index.ts";
import { regressedBenchmarks } from "../src/scenarios/regression.ts";

// Facts recorded from a real `simulate all` (real act, Docker, perfgate and mock).
const facts = (name: ScenarioName): ScenarioFacts =>
  JSON.parse(readFileSync(join(import.meta.dirname, "fixtures", "facts", `${name}.json`), "utf8"));
const failedItems = (checklistOf: ScenarioName, on: ScenarioName) =>
  evaluateChecklist(SCENARIOS[checklistOf].checklist, facts(on))
    .filter((i) => !i.passed)
    .map((i) => i.text);

// Every scenario of `all` has a recorded run of each workflow (refresh-fixtures copies them).
describe("checklists on recorded act results", () => {
  for (const name of ALL_ORDER) {
    it(`${name}: every item passes on its own run`, () => {
      expect(failedItems(name, name)).toEqual([]);
    });
  }

  it("the PR checklist fails on the regression run, at the check and the CI result", () => {
    expect(failedItems("pr", "regression")).toEqual(["Regression check runs successfully", "CI passes"]);
  });

  it("the expired-newest checklist needs a live older artifact: on the all-expired run only that item fails", () => {
    expect(failedItems("expired-newest", "expired")).toEqual([
      "Main's newest baseline artifact is expired while an older run's is live",
    ]);
    expect(failedItems("expired-newest", "pr")).toContain(
      "Baseline download warns that the newest artifact expired (no older one is used)",
    );
  });

  it("the bootstrap checklist fails on a PR that found main's baseline", () => {
    expect(failedItems("bootstrap", "pr")).toEqual([
      "Baseline download fails gracefully (warning, not error)",
      '"📊 No baseline from main - establishing baseline" message appears',
      "Temporary baseline is established",
    ]);
  });

  it("the regression run names primes and only primes; another expectation fails", () => {
    expect(regressedBenchmarks(facts("regression")).map((n) => n.name)).toEqual(["primes"]);
    const wrong = { ...facts("regression"), slowed: "slugs" };
    expect(evaluateChecklist(SCENARIOS.regression.checklist, wrong).find((i) => !i.passed)?.evidence).toMatch(
      /expected only slugs; named: primes/,
    );
  });

  it("a raw JSON parse error anywhere in the log fails the corrupt checklist", () => {
    const f = facts("corrupt");
    const step = f.result.jobs.flatMap((j) => j.steps).find((s) => s.name === "Ensure baseline exists")!;
    step.log += "json.decoder.JSONDecodeError: Expecting value: line 1 column 1 (char 0)\n";
    expect(
      evaluateChecklist(SCENARIOS.corrupt.checklist, f).find((i) => i.text === "Never a raw JSON parse error")?.passed,
    ).toBe(false);
  });

  it("the stale checklist needs the age warning itself, not any warning (an inconclusive one says 'threshold')", () => {
    const f = facts("stale");
    const check = f.result.jobs
      .flatMap((j) => j.steps)
      .find((s) => s.name === "Run performance regression tests with STRICT enforcement")!;
    const ageItem = () =>
      evaluateChecklist(SCENARIOS.stale.checklist, f).find((i) => /older than the maximum age/.test(i.text));
    expect(ageItem()?.passed).toBe(true);
    check.annotations = check.annotations
      .filter((a) => !/older than/.test(a.message))
      .concat({
        level: "warning",
        title: "Performance inconclusive: wordCount",
        message: "the interval straddles the +10.0% threshold: too noisy to decide",
      } as (typeof check.annotations)[number]);
    check.log = check.log
      .split("\n")
      .filter((l) => !/older than/.test(l))
      .join("\n");
    expect(ageItem()?.passed).toBe(false);
  });
});

// The same scenarios replayed with perfgate-action.yml (one `uses: perfgate/perfgate@v1` step).
const actionFacts = (name: ScenarioName): ScenarioFacts =>
  JSON.parse(readFileSync(join(import.meta.dirname, "fixtures", "facts-action", `${name}.json`), "utf8"));

describe("checklists on recorded runs of the perfgate action", () => {
  for (const name of ALL_ORDER) {
    it(`${name}: every item passes on its own run`, () => {
      const failed = evaluateChecklist(SCENARIOS[name].checklist, actionFacts(name)).filter((i) => !i.passed);
      expect(failed).toEqual([]);
    });
  }

  it("reads the action's outputs: status, regressed, baseline-artifact-id", () => {
    const bootstrap = actionFacts("bootstrap");
    const gate = bootstrap.result.jobs.flatMap((j) => j.steps).find((s) => s.id === "perfgate")!;
    gate.outputs["status"] = "passed"; // a temporary baseline must say bootstrapped
    expect(evaluateChecklist(SCENARIOS.bootstrap.checklist, bootstrap).find((i) => !i.passed)?.text).toBe(
      "Regression check runs (with limited detection)",
    );
    expect(regressedBenchmarks(actionFacts("regression")).map((n) => n.name)).toEqual(["primes"]);
    const pr = actionFacts("pr");
    pr.result.jobs.flatMap((j) => j.steps).find((s) => s.id === "perfgate")!.outputs["baseline-artifact-id"] = "1";
    expect(evaluateChecklist(SCENARIOS.pr.checklist, pr).find((i) => !i.passed)?.text).toBe(
      "Baseline download step succeeds, with main's newest baseline",
    );
  });
});
