/** Root of this package's errors: every error names a stable code and a remedy. */
export class MockGithubError extends Error {
  readonly code: string;
  readonly remedy: string;
  constructor(code: string, message: string, remedy: string) {
    super(message);
    this.name = "MockGithubError";
    this.code = code;
    this.remedy = remedy;
  }
}

/** Another live process owns the state directory; only one writer is allowed. */
export class StateDirInUseError extends MockGithubError {
  constructor(stateDir: string, pid: number, url: string | undefined) {
    super(
      "STATE_DIR_IN_USE",
      `The mock-github state directory ${stateDir} is owned by process ${pid}${url ? ` serving ${url}` : ""}.`,
      url
        ? `Talk to that server over HTTP (${url}/_mock/state) or stop it before opening the directory again.`
        : `Stop process ${pid} or use another state directory.`,
    );
    this.name = "StateDirInUseError";
  }
}

/** The persisted state file exists but cannot be understood. */
export class CorruptStateError extends MockGithubError {
  constructor(file: string, detail: string) {
    super(
      "STATE_CORRUPT",
      `The mock-github state file ${file} is unreadable: ${detail}`,
      `Delete the state directory (it only holds simulated runs and artifacts) and start again.`,
    );
    this.name = "CorruptStateError";
  }
}

/** A request the store refuses; `status` and `twirpCode` say how to answer it. */
export class StoreRequestError extends MockGithubError {
  readonly status: number;
  readonly twirpCode: string;
  constructor(status: number, twirpCode: string, message: string, remedy = "Check the request against GitHub's API.") {
    super(`REQUEST_${twirpCode.toUpperCase()}`, message, remedy);
    this.name = "StoreRequestError";
    this.status = status;
    this.twirpCode = twirpCode;
  }
}
