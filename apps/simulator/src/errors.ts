import { type ReportOptions, reportError as reportCliError } from "@perfgate/cli-kit";

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
 * The simulator's one way to report a failure, for every command (`simulate run` too): the one CLI
 * contract of @perfgate/cli-kit, `<command>: error: <message>` then `  remedy: <what to do>` on
 * stderr, with --json also one line {"error":{code,message,remedy}} on stdout; an error without a
 * remedy is a bug, shown with its stack. Returns the exit code: 130 when interrupted, else 2.
 */
export function reportError(
  err: unknown,
  { command = "simulate", json, stdout, stderr }: Omit<ReportOptions, "cli"> & { command?: string } = {},
): number {
  return reportCliError(err, {
    cli: command,
    json,
    ...(stdout ? { stdout } : {}),
    ...(stderr ? { stderr } : {}),
  });
}
