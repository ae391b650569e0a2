import {
  ciConclusion,
  isActionRun,
  noRawParseError,
  stepsOf,
  step,
  stepState,
  stepWithLine,
} from "../checklist/evidence.ts";
import type { ScenarioFacts } from "../checklist/types.ts";
import { WORKFLOW_FILE_NAME } from "../paths.ts";
import type { Scenario } from "./types.ts";

/** The artifact a PR should get: newest unexpired performance-baseline of a successful push to main. */
export function newestMainBaseline(f: ScenarioFacts) {
  const mainRuns = new Set(
    f.store.runs
      .filter(
        (r) =>
          r.branch === "main" &&
          r.event === "push" &&
          r.conclusion === "success" &&
          r.workflow === (f.workflow ?? WORKFLOW_FILE_NAME),
      )
      .map((r) => r.id),
  );
  return f.store.artifacts
    .filter((a) => a.name === "performance-baseline" && !a.expired && mainRuns.has(a.runId))
    .sort((a, b) => b.runId - a.runId)[0];
}

/** Phase 2 of the plan: a PR downloads main's baseline and passes the check against it. */
export const prScenario: Scenario = {
  name: "pr",
  title: "Phase 2: a PR is checked against main's baseline",
  event: "pull_request",
  branch: "feature/docs-touch-up",
  variant: "pr",
  commitMessage: "Touch up the README (no code change)",
  requires: "baseline",
  checklist: [
    {
      text: "Baseline download step succeeds, with main's newest baseline",
      check: (f) => {
        const s = step(f.result, stepsOf(f).download);
        // The download action's output and log line; the perfgate action's own outputs.
        const found = isActionRun(f) ? String(s?.outputs["baseline-source"] === "main") : s?.outputs["found_artifact"];
        const got = Number(
          isActionRun(f) ? s?.outputs["baseline-artifact-id"] : /==> Artifact: (\d+)/.exec(s?.log ?? "")?.[1],
        );
        const want = newestMainBaseline(f);
        return {
          passed: s?.result === "success" && found === "true" && want !== undefined && got === want.id,
          evidence: `${stepState(s, stepsOf(f).download)}; found_artifact=${found ?? "(not set)"}; downloaded artifact #${got || "?"}; main's newest in the store: ${want ? `#${want.id} of run #${want.runId}` : "none"}`,
        };
      },
    },
    {
      text: '"✅ Using baseline from main branch" message appears',
      check: (f) => stepWithLine(f.result, stepsOf(f).ensure, "success", "✅ Using baseline from main branch"),
    },
    {
      text: "Regression check runs successfully",
      check: (f) => {
        const c = stepWithLine(f.result, stepsOf(f).check, "success", "No performance regression");
        const status = step(f.result, stepsOf(f).check)?.outputs["status"];
        return { passed: c.passed && status === "passed", evidence: `${c.evidence}; status=${status ?? "(not set)"}` };
      },
    },
    { text: "No JSON parsing errors", check: (f) => noRawParseError(f.result) },
    { text: "CI passes", check: (f) => ciConclusion(f, "success") },
  ],
};
