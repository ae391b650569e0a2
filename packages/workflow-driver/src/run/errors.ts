/** Error codes of the act-run half of the workflow driver. */
export type DriverErrorCode =
  | "INVALID_OPTIONS"
  | "WORKFLOW_NOT_FOUND"
  | "WORKFLOW_INVALID"
  | "UNMAPPED_ACTION"
  | "LOCAL_ACTION_OUTSIDE_REPO"
  | "UNKNOWN_RUNNER_LABEL"
  | "UNKNOWN_JOB"
  | "STAND_IN_NOT_BUILT"
  | "ACT_START_FAILED"
  | "ACT_FAILED"
  | "RUN_TIMEOUT"
  | "RUN_ABORTED";

/** Every failure of runWorkflow: a stable `code` and a `remedy` a person can act on. */
export class DriverError extends Error {
  readonly code: DriverErrorCode;
  readonly remedy: string;
  constructor(code: DriverErrorCode, message: string, remedy: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "DriverError";
    this.code = code;
    this.remedy = remedy;
  }
}

/** The workflow cannot run offline as written; nothing was started. */
export class PreflightError extends DriverError {
  constructor(code: DriverErrorCode, message: string, remedy: string) {
    super(code, message, remedy);
    this.name = "PreflightError";
  }
}

/** act was stopped (timeout or signal); `partial` holds what had finished by then. */
export class RunInterruptedError extends DriverError {
  readonly partial: unknown;
  constructor(code: "RUN_TIMEOUT" | "RUN_ABORTED", message: string, remedy: string, partial: unknown) {
    super(code, message, remedy);
    this.name = "RunInterruptedError";
    this.partial = partial;
  }
}
