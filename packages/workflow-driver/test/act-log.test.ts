import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createResultCollector, parseActLine } from "../src/run/act-log.ts";
import { planWorkflow } from "../src/run/preflight.ts";
import type { RunEvent } from "../src/run/types.ts";
import { fixturesDir } from "./helpers.ts";

// exp-flow.jsonl is act v0.2.87's real --json output for the workflow below, with two
// non-JSON lines added: the parser must skip them.
const WORKFLOW = `
name: Exp Flow
on: push
jobs:
  first:
    runs-on: ubuntu-latest
    steps:
      - { name: Pass, run: echo hello }
      - { name: Set out, id: setter, run: echo }
      - { name: Use out, run: echo }
      - { name: Soft fail, continue-on-error: true, run: exit 3 }
      - { name: Hard fail, run: exit 1 }
      - { name: Skipped, run: echo never }
      - { name: Always, if: always(), run: echo always }
  second:
    needs: first
    runs-on: ubuntu-latest
    steps: [{ run: echo second }]
  third:
    needs: first
    if: always()
    runs-on: ubuntu-latest
    steps: [{ run: echo third }]
`;

describe("act --json parsing", () => {
  it("ignores lines that are not act JSON records", () => {
    expect(parseActLine("plain text")).toBeUndefined();
    expect(parseActLine("{broken")).toBeUndefined();
    expect(parseActLine('{"no":"msg"}')).toBeUndefined();
    expect(
      parseActLine('{"msg":"x","jobID":"a","stepID":["s"],"stepResult":"success","executionTime":2000000}'),
    ).toMatchObject({
      jobID: "a",
      stepID: "s",
      stepResult: "success",
      executionTime: 2_000_000,
    });
  });

  it("folds a recorded run into jobs and steps with outputs, summary, annotations and skipped parts", async () => {
    const lines = (await readFile(join(fixturesDir, "act-json", "exp-flow.jsonl"), "utf8")).split("\n");
    const events: RunEvent[] = [];
    let t = 0;
    const c = createResultCollector({ emit: (e) => events.push(e), now: () => (t += 10) });
    for (const l of lines) {
      const p = parseActLine(l);
      if (p) c.add(p);
    }
    const jobs = c.finish(planWorkflow(WORKFLOW, "exp.yml").jobs);
    expect(jobs.map((j) => [j.id, j.result])).toEqual([
      ["first", "failure"],
      ["second", "skipped"],
      ["third", "success"],
    ]);
    const first = jobs[0]!;
    expect(first.steps.map((s) => [s.name, s.id, s.result, s.continueOnError])).toEqual([
      ["Pass", "0", "success", false],
      ["Set out", "setter", "success", false],
      ["Use out", "2", "success", false],
      ["Soft fail", "3", "failure", true],
      ["Hard fail", "4", "failure", false],
      ["Skipped", "5", "skipped", false],
      ["Always", "6", "success", false],
    ]);
    const setter = first.steps[1]!;
    expect(setter.outputs).toEqual({ val: "42" });
    expect(setter.summary).toBe("### Summary here\n");
    expect(setter.annotations).toEqual([{ level: "warning", message: "careful now", file: "a.txt", line: 3 }]);
    expect(setter.durationMs).toBe(104);
    expect(first.steps[4]!.annotations).toEqual([{ level: "error", message: "boom happened" }]);
    expect(first.steps[0]!.log).toBe("hello\n");
    expect(first.durationMs).toBeGreaterThan(0);
    expect(jobs[2]!.steps[0]!.log).toBe("third 42 failure\n");
    expect(events.filter((e) => e.type === "job-end").map((e) => e.type === "job-end" && [e.job, e.result])).toEqual([
      ["first", "failure"],
      ["third", "success"],
    ]);
  });

  it("marks steps of a job act never finished as cancelled", () => {
    const c = createResultCollector();
    c.add(
      parseActLine('{"msg":"⭐ Run Main Sleep","jobID":"j","job":"W/j","stepID":["0"],"stage":"Main","step":"Sleep"}')!,
    );
    const [job] = c.finish(
      planWorkflow("jobs: {j: {runs-on: ubuntu-latest, steps: [{name: Sleep, run: sleep 9}]}}", "w.yml").jobs,
    );
    expect(job).toMatchObject({ id: "j", result: "cancelled", steps: [{ name: "Sleep", result: "cancelled" }] });
  });
});
