import type { startMockServer } from "@perfgate/mock-github";
import { expect } from "vitest";
import { type ActionRun, runAction } from "./run-action.ts";

export type Mock = Awaited<ReturnType<typeof startMockServer>>;

export const REPO = "acme/app";
export const TOKEN = "ghs_actionTestToken0123456789";

export interface StepOptions {
  event: "push" | "pull_request" | "workflow_dispatch";
  branch: string;
  inputs?: Record<string, string>;
  env?: Record<string, string>;
}

/** Registers a run of perf.yml in the mock; returns its id and the runner's variables pointing at the mock. */
export async function mockRun(mock: Mock, o: StepOptions): Promise<{ runId: number; env: Record<string, string> }> {
  const { run, runtimeToken } = await mock.store.registerRun({
    repo: REPO,
    workflow: "perf.yml",
    branch: o.branch,
    event: o.event,
    sha: "a".repeat(40),
  });
  return {
    runId: run.id,
    env: {
      GITHUB_REPOSITORY: REPO,
      GITHUB_EVENT_NAME: o.event,
      GITHUB_REF: o.event === "pull_request" ? "refs/pull/1/merge" : `refs/heads/${o.branch}`,
      GITHUB_RUN_ID: String(run.id),
      GITHUB_API_URL: mock.url,
      ACTIONS_RUNTIME_TOKEN: runtimeToken,
      ACTIONS_RESULTS_URL: `${mock.url}/`,
      ...o.env,
    },
  };
}

/**
 * Runs the action as the step of a registered run (see mockRun; a test's `env` wins, e.g. an
 * unreachable API URL). The run is completed with the step's outcome; the token never shows.
 */
export async function mockStep(mock: Mock, workspace: string, o: StepOptions): Promise<ActionRun & { runId: number }> {
  const { runId, env } = await mockRun(mock, o);
  const res = await runAction({ workspace, inputs: { "github-token": TOKEN, ...o.inputs }, env });
  mock.store.completeRun(runId, res.exitCode === 0 ? "success" : "failure");
  expect(`${res.stdout}${res.stderr}`).not.toContain(TOKEN);
  return { ...res, runId };
}
