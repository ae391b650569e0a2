import { ciConclusion, downloadWarned, STEP, step, stepWithLine } from "../checklist/evidence.ts";
import type { Scenario } from "./types.ts";

/** Phase 3 of the plan: no baseline anywhere yet; the PR establishes a temporary one and passes. */
export const bootstrapScenario: Scenario = {
  name: "bootstrap",
  title: "Phase 3: first run, no baseline anywhere: temporary baseline, CI passes",
  event: "pull_request",
  branch: "feature/first-pr",
  variant: "pr",
  commitMessage: "First PR, before main ever uploaded a baseline",
  requires: "empty-store",
  checklist: [
    { text: "Baseline download fails gracefully (warning, not error)", check: (f) => downloadWarned(f.result) },
    {
      text: '"📊 No baseline from main - establishing baseline" message appears',
      check: (f) => stepWithLine(f.result, STEP.ensure, "success", "📊 No baseline from main - establishing baseline"),
    },
    { text: "Temporary baseline is established", check: (f) => temporaryBaselineMade(f.result) },
    {
      text: "Regression check runs (with limited detection)",
      check: (f) => {
        const c = stepWithLine(f.result, STEP.check, "success", "⚡ Running STRICT performance regression tests");
        const status = step(f.result, STEP.check)?.outputs["status"];
        return { passed: c.passed && status === "passed", evidence: `${c.evidence}; status=${status ?? "(not set)"}` };
      },
    },
    { text: "CI passes (doesn't block)", check: (f) => ciConclusion(f, "success") },
  ],
};

/** The Ensure step established a baseline: perfgate's establish said where it wrote it. */
export function temporaryBaselineMade(result: Parameters<typeof step>[0]) {
  return stepWithLine(result, STEP.ensure, "success", /Baseline written to .*current_performance_baseline\.json/);
}
