import type { ChecklistItem } from "../checklist/types.ts";
import type { MockSession } from "../mock-session.ts";

export const SCENARIO_NAMES = [
  "bootstrap",
  "main",
  "pr",
  "regression",
  "expired",
  "expired-newest",
  "corrupt",
  "stale",
  "noisy",
] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

/** `simulate all` order: bootstrap needs the empty store; the store-tampering scenarios go last. */
export const ALL_ORDER: ScenarioName[] = [
  "bootstrap",
  "main",
  "pr",
  "regression",
  "noisy",
  "stale",
  "expired-newest",
  "expired",
  "corrupt",
];

/** Set-up helpers a scenario gets before its workflow run. */
export interface PrepareContext {
  mock: MockSession;
  /** The newest usable baseline main uploaded (its file's text), or null. */
  latestBaselineText(): Promise<string | null>;
  /**
   * Registers a completed push-to-main run whose `performance-baseline` artifact holds `text`
   * as current_performance_baseline.json (uploaded with GitHub's artifact client); returns the artifact id.
   */
  publishMainBaseline(text: string, why: string): Promise<number>;
  note(message: string): void;
}

export interface Scenario {
  name: ScenarioName;
  /** One line: what is simulated, in the plan's words. */
  title: string;
  event: "push" | "pull_request";
  branch: string;
  /** Files laid over the sample on the scenario's branch (apps/simulator/variants/<variant>). */
  variant?: string;
  /** The benchmark the variant slows. */
  slowed?: string;
  commitMessage: string;
  /** What the store must hold first: nothing at all, or a baseline from main (main runs first if not). */
  requires: "empty-store" | "baseline" | "nothing";
  prepare?(ctx: PrepareContext): Promise<number[] | undefined>;
  checklist: ChecklistItem[];
  /** CPU spinners (`node -e 'for(;;){}'`) on this machine beside the workflow run: a busy runner. */
  spinners?: number;
  /** A second PR replayed right after the first, under the same conditions; its items join this report. */
  followUp?: Pick<Scenario, "title" | "branch" | "variant" | "slowed" | "commitMessage" | "checklist">;
}
