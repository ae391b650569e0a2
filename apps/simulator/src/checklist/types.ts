import type { RunResult } from "@perfgate/workflow-driver";
import type { StoreSnapshot } from "../mock-session.ts";

/** One checked item of a scenario's checklist, as the report shows it. */
export interface ItemResult {
  text: string;
  passed: boolean;
  /** What was looked at: a step's result, the log line, the store entry. */
  evidence: string;
}

/** What the content of main's uploaded baseline artifact turned out to be. */
export interface BaselineProbe {
  artifactId: number;
  files: string[];
  bytes: number;
  /** null when the artifact held no baseline file. */
  text: string | null;
  /** `perfgate validate` on the downloaded file. */
  validate: { exitCode: number; output: string };
}

/** Everything a scenario observed; checklist items are pure functions of this. */
export interface ScenarioFacts {
  scenario: string;
  /** The workflow file that ran (absent in facts recorded before there were two: the seed's). */
  workflow?: string;
  /** The mock's id of the workflow run the scenario registered. */
  runId: number;
  result: RunResult;
  /** The mock's store after the run was completed. */
  store: StoreSnapshot;
  /** Benchmark names from the sample's perfgate.config.json. */
  benchmarks: string[];
  /** The benchmark the scenario's change slows (regression only). */
  slowed?: string;
  /** Every benchmark the change must be named as slowing, and no other (regression, --repo). */
  expectedRegressed?: string[];
  /** main: the uploaded baseline, fetched back from the store and validated. */
  uploadedBaseline?: BaselineProbe;
  /** Artifacts the scenario's set-up put into the store (corrupt, stale) or expired (expired). */
  preparedArtifactIds?: number[];
}

export interface ChecklistItem {
  text: string;
  check(facts: ScenarioFacts): { passed: boolean; evidence: string };
}

export function evaluateChecklist(items: ChecklistItem[], facts: ScenarioFacts): ItemResult[] {
  return items.map((item) => {
    try {
      return { text: item.text, ...item.check(facts) };
    } catch (err) {
      // A check that cannot even look counts as failed, with the reason as evidence.
      return { text: item.text, passed: false, evidence: `could not evaluate: ${(err as Error).message}` };
    }
  });
}
