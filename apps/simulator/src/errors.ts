/** Errors the simulator reports to its user: what went wrong and what to do about it. */
export class SimulatorError extends Error {
  constructor(
    readonly code: SimulatorErrorCode,
    message: string,
    readonly remedy: string,
  ) {
    super(message);
    this.name = "SimulatorError";
  }
}

export type SimulatorErrorCode =
  | "BUNDLE_MISSING"
  | "STATE_IN_USE"
  | "STATE_CORRUPT"
  | "MOCK_REQUEST_FAILED"
  | "GIT_FAILED"
  | "SCENARIO_SETUP_FAILED"
  | "USAGE"
  // --repo: the user's repository and workflow (apps/simulator/src/repo/)
  | "REPO_INVALID"
  | "REPO_NOT_GIT"
  | "REPO_NO_MAIN_BRANCH"
  | "REPO_NO_BRANCH"
  | "REPO_NO_WORKFLOW"
  | "REPO_NO_CONFIG"
  | "PATCH_NOT_FOUND"
  | "PATCH_DOES_NOT_APPLY"
  | "WORKFLOW_INVALID"
  | "WORKFLOW_NO_JOB"
  | "NO_PERFGATE_STEP"
  | "AMBIGUOUS_JOB"
  | "NO_EXPECTATION"
  | "ACTION_NOT_BUILT"
  | "TOOL_MISSING";

/**
 * The simulator's one way to report a failure on stderr, for every command (`simulate run` too):
 * `<command>: error: <message>` then `  remedy: <what to do>`; an error without a remedy is a bug,
 * shown with its stack. Returns the exit code: 130 when interrupted, else 2.
 */
export function reportError(err: unknown, write: (s: string) => void, command = "simulate"): number {
  const e = err as (Error & { code?: string; remedy?: string }) | undefined;
  if (e?.remedy) write(`${command}: error: ${e.message}\n  remedy: ${e.remedy}\n`);
  else write(`${command}: error: ${e?.stack ?? String(err)}\n`);
  return e?.code === "RUN_ABORTED" ? 130 : 2;
}
