/**
 * Every failure perfgate reports to a user is a PerfgateError: a stable `code`
 * for scripts, a one-line message, and a `remedy` that says what to do next.
 */
export class PerfgateError extends Error {
  readonly code: string;
  readonly remedy: string;
  constructor(code: string, message: string, remedy: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PerfgateError";
    this.code = code;
    this.remedy = remedy;
  }
}

/** The baseline (or current-results) file cannot be used: missing, empty, corrupt, wrong schema. */
export class BaselineFileError extends PerfgateError {
  constructor(code: string, message: string, remedy: string, options?: { cause?: unknown }) {
    super(code, message, remedy, options);
    this.name = "BaselineFileError";
  }
}

/** perfgate.config.* is missing or invalid. */
export class ConfigError extends PerfgateError {
  constructor(code: string, message: string, remedy: string, options?: { cause?: unknown }) {
    super(code, message, remedy, options);
    this.name = "ConfigError";
  }
}

/** A benchmark could not be measured (threw, exited non-zero, produced no samples). */
export class MeasureError extends PerfgateError {
  readonly benchmark: string;
  constructor(benchmark: string, message: string, remedy: string, options?: { cause?: unknown }) {
    super("BENCHMARK_FAILED", message, remedy, options);
    this.name = "MeasureError";
    this.benchmark = benchmark;
  }
}

/** Input for `perfgate import` that is not what the named tool writes. */
export class ImportError extends PerfgateError {
  constructor(code: string, message: string, remedy: string, options?: { cause?: unknown }) {
    super(code, message, remedy, options);
    this.name = "ImportError";
  }
}

/** A command-line usage problem (bad flag value). */
export class UsageError extends PerfgateError {
  constructor(message: string, remedy: string) {
    super("USAGE", message, remedy);
    this.name = "UsageError";
  }
}

/** A file perfgate was asked to write cannot be written (a folder in the way, permissions, disk). */
export class OutputError extends PerfgateError {
  constructor(code: string, message: string, remedy: string, options?: { cause?: unknown }) {
    super(code, message, remedy, options);
    this.name = "OutputError";
  }
}
