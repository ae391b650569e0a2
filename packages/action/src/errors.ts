/** A failure the action reports as one `::error` with what to do about it (perfgate's error contract). */
export class ActionError extends Error {
  readonly code: string;
  readonly remedy: string;
  constructor(code: string, message: string, remedy: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ActionError";
    this.code = code;
    this.remedy = remedy;
  }
}
