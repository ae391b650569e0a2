/** Root of this package's errors: a stable `code` and a `remedy` a person can act on. */
export class ArtifactClientError extends Error {
  readonly code: string;
  readonly remedy: string;
  constructor(code: string, message: string, remedy: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ArtifactClientError";
    this.code = code;
    this.remedy = remedy;
  }
}

/** Options that do not make sense (bad repo name, empty token, ...). */
export class InvalidOptions extends ArtifactClientError {
  constructor(
    message: string,
    remedy = "Correct the option named in the message (see the package README for the accepted values).",
  ) {
    super("INVALID_OPTIONS", message, remedy);
    this.name = "InvalidOptions";
  }
}

export class ArtifactNotFound extends ArtifactClientError {
  constructor(message: string) {
    super(
      "ARTIFACT_NOT_FOUND",
      message,
      "Check the repository and artifact id (GET /repos/{owner}/{repo}/actions/artifacts lists them) and that the token can read the repository.",
    );
    this.name = "ArtifactNotFound";
  }
}

export class ArtifactExpired extends ArtifactClientError {
  constructor(message: string) {
    super(
      "ARTIFACT_EXPIRED",
      message,
      "Artifacts are deleted after their retention period: re-run the workflow that produced it, or raise retention-days when uploading.",
    );
    this.name = "ArtifactExpired";
  }
}

export class WorkflowNotFound extends ArtifactClientError {
  constructor(message: string) {
    super(
      "WORKFLOW_NOT_FOUND",
      message,
      "Pass the workflow's file name (e.g. ci.yml, as under .github/workflows/) or its numeric id, and check the repository name.",
    );
    this.name = "WorkflowNotFound";
  }
}

/** 401/403 from the REST API. The message never carries the token. */
export class AuthenticationFailed extends ArtifactClientError {
  constructor(message: string) {
    super(
      "AUTHENTICATION_FAILED",
      message,
      "Pass a token that can read the repository's Actions data (in a workflow: secrets.GITHUB_TOKEN with `actions: read`).",
    );
    this.name = "AuthenticationFailed";
  }
}

/** Any other REST failure that survived the retries. */
export class GitHubApiError extends ArtifactClientError {
  readonly status: number | undefined;
  constructor(message: string, status: number | undefined, options?: { cause?: unknown }) {
    super(
      "GITHUB_API_ERROR",
      message,
      "Retry later; if it persists, check GITHUB_API_URL / --api-url and the service's status.",
      options,
    );
    this.name = "GitHubApiError";
    this.status = status;
  }
}

/** The archive tries to write outside the target, or holds something we refuse to create. */
export class UnsafeArchive extends ArtifactClientError {
  readonly entry: string | undefined;
  constructor(message: string, entry?: string) {
    super(
      "UNSAFE_ARCHIVE",
      message,
      "Do not use this artifact: it was not produced by actions/upload-artifact or was tampered with. Nothing was written to the destination.",
    );
    this.name = "UnsafeArchive";
    this.entry = entry;
  }
}

/** Entry count or uncompressed size over the limits (a zip bomb, or an artifact larger than expected). */
export class ArchiveTooLarge extends ArtifactClientError {
  constructor(message: string) {
    super(
      "ARCHIVE_TOO_LARGE",
      message,
      "If the artifact is legitimately this large, raise the limit (limits.maxEntries / limits.maxTotalBytes, or --max-entries / --max-bytes). Nothing was written to the destination.",
    );
    this.name = "ArchiveTooLarge";
  }
}

/** The zip cannot be read as a zip. */
export class CorruptArchive extends ArtifactClientError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(
      "CORRUPT_ARCHIVE",
      message,
      "Download it again; if it stays corrupt, re-run the workflow that uploaded it. Nothing was written to the destination.",
      options,
    );
    this.name = "CorruptArchive";
  }
}

export class DigestMismatch extends ArtifactClientError {
  constructor(expected: string, actual: string) {
    super(
      "DIGEST_MISMATCH",
      `The downloaded artifact's digest is ${actual}, but ${expected} was expected.`,
      "The bytes changed in transit or in storage: download again; if it persists, re-upload the artifact. Nothing was written to the destination.",
    );
    this.name = "DigestMismatch";
  }
}

/** Upload needs the runner's artifact-service credentials. */
export class MissingRuntimeEnvironment extends ArtifactClientError {
  constructor(missing: string[]) {
    super(
      "MISSING_RUNTIME_ENVIRONMENT",
      `Uploading an artifact needs the environment variable(s) ${missing.join(", ")}, which are set only inside a GitHub Actions job.`,
      "Run inside a workflow job (or under act with --env ACTIONS_RUNTIME_TOKEN=... --env ACTIONS_RESULTS_URL=...), or point them at a mock artifact service.",
    );
    this.name = "MissingRuntimeEnvironment";
  }
}

export class UploadFailed extends ArtifactClientError {
  constructor(message: string, options?: { cause?: unknown; remedy?: string }) {
    super(
      "UPLOAD_FAILED",
      message,
      options?.remedy ??
        "Check that the files exist under rootDirectory and that ACTIONS_RESULTS_URL reaches the artifact service; re-run the step.",
      options,
    );
    this.name = "UploadFailed";
  }
}

/** The artifact's layout clashes with what the destination holds (a file where it has a folder, or the reverse). */
export class DestinationConflict extends ArtifactClientError {
  readonly path: string;
  constructor(message: string, at: string) {
    super(
      "DEST_CONFLICT",
      message,
      `Download into an empty folder (--dest / dest), or move ${at} out of the way yourself if the artifact's layout is the one you want.`,
    );
    this.name = "DestinationConflict";
    this.path = at;
  }
}

/** Moving the extracted files into the destination failed; what had moved was put back. */
export class DestinationWriteFailed extends ArtifactClientError {
  constructor(message: string, dir: string, options?: { cause?: unknown }) {
    super(
      "DEST_WRITE_FAILED",
      message,
      `Make ${dir} writable (permissions, read-only or immutable mount, free space), then download again.`,
      options,
    );
    this.name = "DestinationWriteFailed";
  }
}

/** A request got no (complete) answer in time: a connect, idle, overall or low-speed timeout. */
export class ServiceTimeout extends ArtifactClientError {
  constructor(message: string, option: string) {
    super(
      "TIMEOUT",
      message,
      `The service stalled: retry later, and check its status. If it is alive but slow, raise ${option}.`,
    );
    this.name = "ServiceTimeout";
  }
}

/** The connection itself failed (refused, reset, unresolvable host): names host:port. */
export class ConnectionFailed extends ArtifactClientError {
  constructor(message: string, remedy: string, options?: { cause?: unknown }) {
    super("CONNECTION_FAILED", message, remedy, options);
    this.name = "ConnectionFailed";
  }
}

/** The service asked to wait (Retry-After, rate limit) longer than we are allowed to. */
export class RateLimited extends ArtifactClientError {
  constructor(message: string, remedy: string) {
    super("RATE_LIMITED", message, remedy);
    this.name = "RateLimited";
  }
}

/** A redirect we refuse to follow, or cannot (no Location, a loop). Never retried. */
export class BadRedirect extends ArtifactClientError {
  constructor(message: string) {
    super(
      "BAD_REDIRECT",
      message,
      "The API or storage sent a redirect that cannot lead to the archive: check GITHUB_API_URL / --api-url points at GitHub (or the mock), not a proxy that rewrites redirects.",
    );
    this.name = "BadRedirect";
  }
}

/** Stopped by the caller's AbortSignal (the CLI: SIGINT/SIGTERM). Nothing was left behind. */
export class Interrupted extends ArtifactClientError {
  constructor(message: string) {
    super("INTERRUPTED", message, "Run the command again; the destination was left as it was.");
    this.name = "Interrupted";
  }
}
