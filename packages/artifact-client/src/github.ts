import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";
import {
  ArtifactClientError,
  AuthenticationFailed,
  GitHubApiError,
  Interrupted,
  RateLimited,
  ServiceTimeout,
} from "./errors.ts";
import { connectionError, formatMs, hostPort, innerReason, interruption, retryAfterSeconds } from "./network.ts";
import { type Timeouts, timeoutsSchema } from "./options.ts";

type Hook = {
  error(name: "request", fn: (error: unknown, options: { request?: Record<string, unknown> }) => never): void;
};

/**
 * Registered before the retry plugin, so it sees a failure first: once the caller has aborted,
 * or when fetch refused the URL's port ("bad port": it never connects there, so asking again
 * gets the same answer), the request is not retried (the retry plugin reads `request.retries`).
 */
function stopPointlessRetries(octokit: { hook: unknown }, options: Record<string, unknown>) {
  const signal = options.perfgateSignal as AbortSignal | undefined;
  (octokit.hook as Hook).error("request", (error, reqOptions) => {
    const never = innerReason(error) === "bad port";
    if ((signal?.aborted || never) && reqOptions.request) reqOptions.request.retries = 0;
    throw error;
  });
}

const RetryingOctokit = Octokit.plugin(stopPointlessRetries, retry, throttling);
export type GitHubClient = InstanceType<typeof RetryingOctokit>;

export const DEFAULT_API_URL = "https://api.github.com";

/** `apiUrl` wins, then GITHUB_API_URL (set on every runner, GHES included), then github.com. */
export function resolveApiUrl(apiUrl?: string): string {
  return (apiUrl || process.env.GITHUB_API_URL || DEFAULT_API_URL).replace(/\/+$/, "");
}

/**
 * fetch with a deadline per request (connect to last byte: the body is read here, REST bodies
 * are small) and the caller's signal. A timeout rejects with ServiceTimeout, which Octokit wraps
 * as a 500 (so the retry plugin retries it) and toTypedError unwraps.
 */
function boundedFetch(timeouts: Timeouts, signal: AbortSignal | undefined): typeof fetch {
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const what = `${init?.method ?? "GET"} ${url.pathname}`;
    if (signal?.aborted) throw interruption(signal, what);
    const ctl = new AbortController();
    const timer = setTimeout(
      () =>
        ctl.abort(
          new ServiceTimeout(
            `no complete answer from ${hostPort(url)} within ${formatMs(timeouts.requestMs)} (the API stalled)`,
            "timeouts.requestMs (--request-timeout)",
          ),
        ),
      timeouts.requestMs,
    );
    const onAbort = () => ctl.abort(interruption(signal!, what));
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      // Looked up at call time (not captured) so msw's interceptor in tests sees the call.
      const res = await globalThis.fetch(input, { ...init, signal: ctl.signal });
      const nullBody = [101, 204, 205, 304].includes(res.status);
      const body = nullBody ? null : await res.arrayBuffer();
      const copy = new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
      // Octokit's pagination reads response.url, which a constructed Response leaves empty.
      return Object.defineProperty(copy, "url", { value: res.url });
    } catch (err) {
      throw ctl.signal.aborted && ctl.signal.reason instanceof ArtifactClientError ? ctl.signal.reason : err;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    }
  };
}

/**
 * Octokit with GitHub's recommended retry (5xx, connection errors, timeouts) and throttling
 * (429/403 rate limits, honouring retry-after / x-ratelimit-reset) plugins. `baseDelayMs` is the
 * unit of both; a wait longer than `maxWaitMs` is not slept but fails (RateLimited).
 */
export function createGitHubClient(opts: {
  token: string;
  apiUrl?: string;
  retry: { retries: number; baseDelayMs: number; maxWaitMs?: number };
  timeouts?: Partial<Timeouts>;
  signal?: AbortSignal;
  onProgress?: (message: string) => void;
}): GitHubClient {
  const { retries, baseDelayMs } = opts.retry;
  const maxWaitMs = opts.retry.maxWaitMs ?? 60_000;
  const timeouts = timeoutsSchema.parse(opts.timeouts ?? {});
  const onLimit = (
    after: number,
    options: { method?: string; url?: string },
    _octokit: unknown,
    retryCount: number,
  ) => {
    const waitMs = after * baseDelayMs;
    if (retryCount >= retries || waitMs > maxWaitMs || opts.signal?.aborted) return false;
    opts.onProgress?.(
      `waiting ${formatMs(waitMs)} for GitHub's rate limit to reset (it answered ${options.method ?? "GET"} ${options.url ?? ""} with a rate-limit error), then retry ${retryCount + 1} of ${retries}`,
    );
    return true;
  };
  return new RetryingOctokit({
    auth: opts.token,
    baseUrl: resolveApiUrl(opts.apiUrl),
    userAgent: "perfgate-artifact-client",
    perfgateSignal: opts.signal,
    request: { fetch: boundedFetch(timeouts, opts.signal) },
    // Octokit's own warnings (deprecations) are noise for a CI step; errors reach the caller typed.
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    // Rate limits belong to the throttling plugin, everything else retryable to the retry plugin.
    retry: { retries, retryAfterBaseValue: baseDelayMs, doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451] },
    throttle: { onRateLimit: onLimit, onSecondaryRateLimit: onLimit, retryAfterBaseValue: baseDelayMs },
  });
}

type RequestErrorLike = {
  status?: number;
  message?: string;
  request?: { url?: string };
  response?: { data?: unknown; headers?: Record<string, string | undefined> };
  cause?: unknown;
};

/** GitHub's own message from an error body, without request details (those could hold headers). */
function githubMessage(err: RequestErrorLike): string {
  const data = err.response?.data as { message?: unknown } | undefined;
  if (data && typeof data.message === "string") return data.message;
  return err.message?.split(" - ")[0] ?? "unknown error";
}

/** A rate-limit answer (429, or 403 with no requests left) as RateLimited saying until when. */
function rateLimited(e: RequestErrorLike, what: string, status: number): Error | undefined {
  const h = e.response?.headers ?? {};
  const limited = status === 429 || (status === 403 && (h["x-ratelimit-remaining"] === "0" || h["retry-after"]));
  if (!limited) return undefined;
  const after = retryAfterSeconds(h["retry-after"]);
  const reset = Number(h["x-ratelimit-reset"]);
  const until =
    after !== undefined
      ? `it asks to wait ${formatMs(after * 1000)} (Retry-After: ${h["retry-after"]})`
      : Number.isFinite(reset) && reset > 0
        ? `its limit resets at ${new Date(reset * 1000).toISOString()}`
        : "it gave no time to wait";
  return new RateLimited(
    `${what}: GitHub answered ${status}, rate limited (${githubMessage(e)}); ${until}, longer than allowed or after every retry.`,
    "Run it again after the time named above, or allow a longer wait (retry.maxWaitMs, --max-wait); a token with a higher rate limit (GITHUB_TOKEN in a workflow) also helps.",
  );
}

/**
 * Turns an Octokit failure into one of our typed errors. `what` says which request failed; the
 * token never appears (Octokit redacts it in `request`, and we copy only GitHub's message).
 */
export function toTypedError(err: unknown, what: string, apiUrl?: string): Error {
  if (err instanceof ArtifactClientError) return err;
  const e = err as RequestErrorLike;
  // Our own timeout or interruption, wrapped by Octokit as a 500 without a response.
  if (e?.cause instanceof ArtifactClientError) {
    const typed = e.cause;
    if (typed instanceof Interrupted || typed instanceof ServiceTimeout) {
      if (!typed.message.startsWith(what)) typed.message = `${what}: ${typed.message}`;
    }
    return typed;
  }
  // Octokit reports a connection that never got an answer as status 500 without a response.
  const status = typeof e?.status === "number" && e.response ? e.status : undefined;
  if (status !== undefined) {
    const limited = rateLimited(e, what, status);
    if (limited) return limited;
  }
  if (status === 401) return new AuthenticationFailed(`${what}: GitHub answered 401 (${githubMessage(e)}).`);
  if (status === 403) return new AuthenticationFailed(`${what}: GitHub answered 403 (${githubMessage(e)}).`);
  if (status !== undefined && status > 0) {
    return new GitHubApiError(`${what}: GitHub answered ${status} (${githubMessage(e)}).`, status);
  }
  const url = e?.request?.url ?? apiUrl ?? resolveApiUrl();
  const connection = connectionError(e?.cause ?? err, what, url, "api");
  if (connection) return connection;
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  const detail = cause?.code ?? cause?.message ?? e?.message ?? String(err);
  return new GitHubApiError(`${what}: the request to ${hostPort(url)} did not complete (${detail}).`, undefined);
}

export function splitRepo(repo: string): { owner: string; repo: string } {
  const [owner = "", name = ""] = repo.split("/");
  return { owner, repo: name };
}
