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
