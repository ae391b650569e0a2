import type { RunResult, StandIn } from "@perfgate/workflow-driver";
import { type BaselineWhere, SAMPLE_BASELINE } from "./baseline-store.ts";
import { benchmarkNames } from "./benchmarks.ts";
import { JOB } from "./checklist/evidence.ts";
import type { ChecklistItem } from "./checklist/types.ts";
import type { Scenario } from "./scenarios/types.ts";
import { createWorkCopy, type WorkCopy } from "./work-copy.ts";
import type { WorkflowSpec } from "./workflows.ts";

/**
 * What a scenario runs against: the built-in sample repository, or a user's repository
 * (`--repo DIR`, see repo/repo-target.ts). The scenario's store set-up and flow are the same.
 */
export interface RunTarget {
  /** The workflow as the report and facts name it. */
  workflow: WorkflowSpec;
  /** Where the baseline lives in the mock (repository, workflow file, artifact, file in it). */
  baseline: BaselineWhere;
  /** The workflow file, relative to the work copy. */
  workflowFile: string;
  /** The job that runs perfgate (its result is the run's conclusion). */
  job: string;
  /** Passed to act as `-j`: only this job and the jobs it needs run. Unset: the whole workflow. */
  runJob?: string;
  standIns?: StandIn[];
  /** Benchmark names a check can name as regressed. */
  benchmarks: string[];
  workCopy(scenario: Scenario, parent: string): Promise<WorkCopy>;
  checklist(scenario: Scenario): ChecklistItem[];
  /** The benchmarks the scenario's change must be named as slowing (regression only). */
  expectedRegressed(scenario: Scenario): string[] | undefined;
  /** The scenario's one-line title in the progress output (default: the scenario's own). */
  title?(scenario: Scenario): string;
  /** Looks at a finished run before the checklist; throws what no checklist can fix (a tool missing). */
  afterRun?(result: RunResult): void;
}

/** The sample repository replayed with one of its workflows (the seed's expanded job, or the action). */
export const sampleTarget = (workflow: WorkflowSpec, standIns?: StandIn[]): RunTarget => ({
  workflow,
  baseline: { ...SAMPLE_BASELINE, workflow: workflow.file },
  workflowFile: `.github/workflows/${workflow.file}`,
  job: JOB.perf,
  ...(standIns ? { standIns } : {}),
  benchmarks: benchmarkNames(),
  workCopy: (scenario, parent) =>
    createWorkCopy({
      parent,
      label: scenario.name,
      branch: scenario.branch,
      variant: scenario.variant,
      commitMessage: scenario.commitMessage,
    }),
  checklist: (scenario) => scenario.checklist,
  expectedRegressed: (scenario) => (scenario.slowed ? [scenario.slowed] : undefined),
});
