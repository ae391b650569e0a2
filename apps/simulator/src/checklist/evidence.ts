import type { JobResult, RunResult, StepResult } from "@perfgate/workflow-driver";
import { type GateSteps, SEED_WORKFLOW, workflowSpec } from "../workflows.ts";
import type { ScenarioFacts } from "./types.ts";

/** Job and step names of the sample workflow, as the checklists refer to them. */
export const JOB = { core: "core-functionality", perf: "performance-regression" } as const;
export const STEP = SEED_WORKFLOW.steps;

/** The step carrying each phase in the workflow the facts come from (the action has one step for all). */
export function stepsOf(f: ScenarioFacts): GateSteps {
  return workflowSpec(f.workflow).steps;
}

/** Whether the facts come from the workflow that runs the perfgate action. */
export const isActionRun = (f: ScenarioFacts) => workflowSpec(f.workflow).kind === "action";

/** Messages that mean someone parsed an empty or broken file as JSON and let the error through. */
export const RAW_PARSE_ERROR =
  /Expecting value: line \d+ column \d+|Unexpected end of JSON input|Unexpected token .* in JSON|is not valid JSON|SyntaxError: /;

export type Check = { passed: boolean; evidence: string };

export function job(result: RunResult, id: string): JobResult | undefined {
  return result.jobs.find((j) => j.id === id);
}

export function step(result: RunResult, name: string, jobId: string = JOB.perf): StepResult | undefined {
  return job(result, jobId)?.steps.find((s) => s.name === name);
}

export function lines(s: StepResult | undefined): string[] {
  return s
    ? s.log
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean)
    : [];
}

export function findLine(s: StepResult | undefined, pattern: RegExp | string): string | undefined {
  return lines(s).find((l) => (typeof pattern === "string" ? l.includes(pattern) : pattern.test(l)));
}

export const quote = (line: string, max = 160) => `"${line.length > max ? `${line.slice(0, max - 1)}…` : line}"`;

export function stepState(s: StepResult | undefined, name: string): string {
  if (!s) return `step "${name}" did not run`;
  return `step "${name}": ${s.result}${s.continueOnError && s.result === "failure" ? " (continue-on-error)" : ""} in ${(s.durationMs / 1000).toFixed(1)}s`;
}

/** A step finished with `expected`, and (optionally) printed a line matching `pattern`. */
export function stepWithLine(
  result: RunResult,
  name: string,
  expected: StepResult["result"],
  pattern?: RegExp | string,
): Check {
  const s = step(result, name);
  const state = stepState(s, name);
  if (!s || s.result !== expected) return { passed: false, evidence: `${state} (expected ${expected})` };
  if (!pattern) return { passed: true, evidence: state };
  const line = findLine(s, pattern);
  return line
    ? { passed: true, evidence: `${state}; log: ${quote(line)}` }
    : { passed: false, evidence: `${state}, but no log line matches ${String(pattern)}` };
}

/** The whole run went the way the scenario expects: act's exit code, the job and the mock's conclusion. */
export function ciConclusion(f: ScenarioFacts, expected: "success" | "failure"): Check {
  const perf = job(f.result, JOB.perf);
  const run = f.store.runs.find((r) => r.id === f.runId);
  const wantExit = expected === "success" ? 0 : 1;
  const ok = perf?.result === expected && f.result.exitCode === wantExit && run?.conclusion === expected;
  const evidence = `act exit ${f.result.exitCode}; job ${JOB.perf}: ${perf?.result ?? "did not run"}; run #${f.runId} in the store: ${run ? `${run.status}/${run.conclusion}` : "missing"}`;
  return { passed: ok, evidence };
}

/** No step of any job printed a raw JSON parse error. */
export function noRawParseError(result: RunResult): Check {
  let count = 0;
  for (const j of result.jobs) {
    for (const s of j.steps) {
      for (const l of lines(s)) {
        count++;
        if (RAW_PARSE_ERROR.test(l)) return { passed: false, evidence: `step "${s.name}": ${quote(l)}` };
      }
    }
  }
  return { passed: count > 0, evidence: count > 0 ? `none in ${count} log lines` : "no log lines to scan" };
}

/** The download step did not find an artifact and said so as a warning, not an error. */
export function downloadWarned(result: RunResult, name: string = STEP.download): Check {
  const s = step(result, name);
  const state = stepState(s, name);
  if (!s) return { passed: false, evidence: state };
  const warning = s.annotations.find((a) => a.level === "warning")?.message ?? findLine(s, /warn/i);
  const error = s.annotations.find((a) => a.level === "error")?.message;
  if (s.result !== "success") return { passed: false, evidence: `${state} (expected success with a warning)` };
  if (error) return { passed: false, evidence: `${state}, but it reported an error: ${quote(error)}` };
  if (!warning) return { passed: false, evidence: `${state}, but printed no warning` };
  return { passed: true, evidence: `${state}; warning: ${quote(warning)}` };
}
