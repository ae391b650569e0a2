/** Every toolchain failure carries a stable code and a remedy the user can act on. */
export type ToolchainErrorCode =
  | "UNSUPPORTED_DOCKER_HOST"
  | "NOT_ROOT"
  | "NO_APT"
  | "APT_FAILED"
  | "DOCKERD_START_FAILED"
  | "DOCKERD_TIMEOUT"
  | "GO_MISSING"
  | "ACT_BUILD_FAILED"
  | "IMAGE_BUILD_FAILED"
  | "IMAGE_IMPORT_FAILED"
  | "BAD_RECIPE"
  | "LOCK_FAILED"
  // the toolchain CLI's own arguments
  | "USAGE";

export class ToolchainError extends Error {
  readonly code: ToolchainErrorCode;
  readonly remedy: string;

  constructor(code: ToolchainErrorCode, message: string, remedy: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ToolchainError";
    this.code = code;
    this.remedy = remedy;
  }

  /** One paragraph: what went wrong, then the remedy. */
  describe(): string {
    return `${this.message} Remedy: ${this.remedy}`;
  }
}

export function isToolchainError(err: unknown): err is ToolchainError {
  return err instanceof ToolchainError;
}

/** Last lines of a (possibly long) tool output, for embedding in an error message. */
export function tail(text: string, lines = 8): string {
  const all = text.trimEnd().split("\n");
  return all.slice(-lines).join("\n");
}
