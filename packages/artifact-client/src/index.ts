export { findLatestArtifact, type FindResult, type NotFoundReason, type WorkflowRun, type Artifact } from "./find.ts";
export { downloadArtifact, type DownloadResult } from "./download.ts";
export { uploadArtifact, type UploadResult } from "./upload.ts";
export { extractZipSafely, type ExtractResult, type Limits } from "./safe-unzip.ts";
export { createGitHubClient, resolveApiUrl, DEFAULT_API_URL } from "./github.ts";
export type {
  FindOptions,
  DownloadOptions,
  UploadOptions,
  ExtractLimits,
  RetryOptions,
  TimeoutOptions,
} from "./options.ts";
export {
  ArtifactClientError,
  InvalidOptions,
  ArtifactNotFound,
  ArtifactExpired,
  WorkflowNotFound,
  AuthenticationFailed,
  GitHubApiError,
  UnsafeArchive,
  ArchiveTooLarge,
  CorruptArchive,
  DigestMismatch,
  MissingRuntimeEnvironment,
  UploadFailed,
  DestinationConflict,
  DestinationWriteFailed,
  ServiceTimeout,
  ConnectionFailed,
  RateLimited,
  BadRedirect,
  Interrupted,
} from "./errors.ts";
