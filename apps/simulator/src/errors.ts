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
  | "USAGE";
