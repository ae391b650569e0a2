import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";
import { ArtifactClientError, AuthenticationFailed, GitHubApiError } from "./errors.ts";

const RetryingOctokit = Octokit.plugin(retry, throttling);
export type GitHubClient = InstanceType<typeof RetryingOctokit>;

export const DEFAULT_API_URL = "https://api.github.com";

/** `apiUrl` wins, then GITHUB_API_URL (set on every runner, GHES included), then github.com. */
export function resolveApiUrl(apiUrl?: string): string {
  return (apiUrl || process.env.GITHUB_API_URL || DEFAULT_API_URL).replace(/\/+$/, "");
}

/**
 * Octokit with GitHub's recommended retry (5xx, connection errors) and throttling (429/403 rate
 * limits, honouring retry-after / x-ratelimit-reset) plugins. `baseDelayMs` is the unit of both.
 */
export function createGitHubClient(opts: {
  token: string;
  apiUrl?: string;
  retry: { retries: number; baseDelayMs: number };
}): GitHubClient {
  const { retries, baseDelayMs } = opts.retry;
  const onLimit = (_after: number, _options: unknown, _octokit: unknown, retryCount: number) => retryCount < retries;
  return new RetryingOctokit({
    auth: opts.token,
    baseUrl: resolveApiUrl(opts.apiUrl),
    userAgent: "perfgate-artifact-client",
    // Octokit's own warnings (deprecations) are noise for a CI step; errors reach the caller typed.
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    // Rate limits belong to the throttling plugin, everything else retryable to the retry plugin.
    retry: { retries, retryAfterBaseValue: baseDelayMs, doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451] },
    throttle: { onRateLimit: onLimit, onSecondaryRateLimit: onLimit, retryAfterBaseValue: baseDelayMs },
  });
}

type RequestErrorLike = { status?: number; message?: string; response?: { data?: unknown } };

/** GitHub's own message from an error body, without request details (those could hold headers). */
function githubMessage(err: RequestErrorLike): string {
  const data = err.response?.data as { message?: unknown } | undefined;
  if (data && typeof data.message === "string") return data.message;
  return err.message?.split(" - ")[0] ?? "unknown error";
}

/**
 * Turns an Octokit failure into one of our typed errors. `what` says which request failed; the
 * token never appears (Octokit redacts it in `request`, and we copy only GitHub's message).
 */
export function toTypedError(err: unknown, what: string): Error {
  if (err instanceof ArtifactClientError) return err;
  const e = err as RequestErrorLike;
  // Octokit reports a connection that never got an answer as status 500 without a response.
  const status = typeof e?.status === "number" && e.response ? e.status : undefined;
  if (status === 401) return new AuthenticationFailed(`${what}: GitHub answered 401 (${githubMessage(e)}).`);
  if (status === 403) return new AuthenticationFailed(`${what}: GitHub answered 403 (${githubMessage(e)}).`);
  if (status !== undefined && status > 0) {
    return new GitHubApiError(`${what}: GitHub answered ${status} (${githubMessage(e)}).`, status);
  }
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  const detail = cause?.code ?? cause?.message ?? e?.message ?? String(err);
  return new GitHubApiError(`${what}: the request did not complete (${detail}).`, undefined);
}

export function splitRepo(repo: string): { owner: string; repo: string } {
  const [owner = "", name = ""] = repo.split("/");
  return { owner, repo: name };
}
