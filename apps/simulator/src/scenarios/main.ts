import { ciConclusion, stepsOf, stepWithLine } from "../checklist/evidence.ts";
import type { Scenario } from "./types.ts";

/** Phase 1 of the plan: a push to main establishes the canonical baseline and uploads it. */
export const mainScenario: Scenario = {
  name: "main",
  title: "Phase 1: push to main establishes and uploads the baseline",
  event: "push",
  branch: "main",
  commitMessage: "Gate performance with perfgate",
  requires: "nothing",
  checklist: [
    {
      text: "Baseline establishment runs successfully",
      check: (f) =>
        stepWithLine(
          f.result,
          stepsOf(f).establishMain,
          "success",
          "Establishing performance baseline for main branch",
        ),
    },
    {
      text: "Baseline artifact is uploaded",
      check: (f) => {
        const c = stepWithLine(f.result, stepsOf(f).uploadBaseline, "success");
        const id = f.result.jobs.flatMap((j) => j.steps).find((s) => s.name === stepsOf(f).uploadBaseline)?.outputs[
          "artifact-id"
        ];
        return id
          ? { passed: c.passed, evidence: `${c.evidence}; artifact-id ${id}` }
          : { passed: false, evidence: `${c.evidence}; no artifact-id output` };
      },
    },
    {
      text: "Artifact performance-baseline appears in the store (the Actions artifacts tab)",
      check: (f) => {
        const a = f.store.artifacts.find((x) => x.runId === f.runId && x.name === "performance-baseline");
        if (!a) return { passed: false, evidence: `run #${f.runId} has no performance-baseline artifact in the store` };
        return {
          passed: !a.expired && a.sizeInBytes > 0,
          evidence: `artifact #${a.id} performance-baseline of run #${f.runId}: ${a.sizeInBytes} bytes, ${a.digest ?? "no digest"}, expires ${a.expiresAt}${a.expired ? " (EXPIRED)" : ""}`,
        };
      },
    },
    {
      text: "Downloaded artifact holds valid, non-empty baseline JSON",
      check: (f) => {
        const p = f.uploadedBaseline;
        if (!p) return { passed: false, evidence: "the artifact could not be downloaded from the store" };
        if (p.text === null)
          return {
            passed: false,
            evidence: `artifact #${p.artifactId} holds ${p.files.join(", ") || "no files"}, not the baseline file`,
          };
        let benchmarks = 0;
        try {
          const json = JSON.parse(p.text) as { benchmarks?: unknown };
          benchmarks = Array.isArray(json.benchmarks)
            ? json.benchmarks.length
            : Object.keys(json.benchmarks ?? {}).length;
        } catch (err) {
          return { passed: false, evidence: `artifact #${p.artifactId}: not JSON (${(err as Error).message})` };
        }
        const valid = p.validate.exitCode === 0;
        return {
          passed: valid && benchmarks > 0 && p.text.trim().length > 2,
          evidence: `artifact #${p.artifactId}: ${p.bytes} bytes, ${benchmarks} benchmarks; perfgate validate: exit ${p.validate.exitCode}${p.validate.output ? ` ${JSON.stringify(p.validate.output.split("\n")[0])}` : ""}`,
        };
      },
    },
    { text: "CI passes", check: (f) => ciConclusion(f, "success") },
  ],
};
