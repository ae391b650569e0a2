import { ArtifactClientError, ConnectionFailed, Interrupted } from "./errors.ts";

/** `host:port` of a URL, with the scheme's default port spelled out. */
export function hostPort(url: string | URL): string {
  const u = typeof url === "string" ? new URL(url) : url;
  return `${u.hostname}:${u.port || (u.protocol === "https:" ? "443" : "80")}`;
}

/** A URL fit for a message: origin and path, never the query (a signed URL's signature). */
export function redactedUrl(url: string | URL): string {
  const u = typeof url === "string" ? new URL(url) : url;
  return u.protocol === "http:" || u.protocol === "https:"
    ? `${u.origin}${u.pathname}`
    : `${u.protocol}//${u.host}${u.pathname}`;
}

type Errno = { code?: string; errno?: number; message?: string; cause?: unknown };

/** The first errno-style code on an error's cause chain (undici nests them two deep). */
export function errnoCode(err: unknown): string | undefined {
  for (let e = err as Errno | undefined, i = 0; e && i < 5; e = e.cause as Errno | undefined, i++) {
    if (typeof e.code === "string" && /^(E[A-Z]+|UND_ERR_[A-Z_]+)$/.test(e.code)) return e.code;
  }
  return undefined;
}

/**
 * The innermost message on an error's cause chain that says more than "fetch failed": undici
 * puts the reason it gave up (e.g. "bad port") in a cause without an errno code.
 */
export function innerReason(err: unknown): string | undefined {
  let reason: string | undefined;
  for (let e = err as Errno | undefined, i = 0; e && i < 5; e = e.cause as Errno | undefined, i++) {
    if (typeof e.message === "string" && e.message !== "" && !/^fetch failed$/i.test(e.message)) reason = e.message;
  }
  return reason;
}

const WHAT: Record<string, string> = {
  ECONNREFUSED: "was refused (nothing listens there)",
  ECONNRESET: "was reset by the other side before the answer was complete",
  EPIPE: "was closed by the other side while sending",
  ETIMEDOUT: "timed out at the TCP level",
  ENOTFOUND: "failed: the host name does not resolve",
  EAI_AGAIN: "failed: the host name could not be resolved (DNS unavailable)",
  EHOSTUNREACH: "failed: the host is unreachable",
  ENETUNREACH: "failed: the network is unreachable",
  UND_ERR_SOCKET: "was closed by the other side before the answer was complete",
  UND_ERR_CONNECT_TIMEOUT: "timed out while connecting",
  UND_ERR_HEADERS_TIMEOUT: "got no response headers in time",
  UND_ERR_BODY_TIMEOUT: "stalled while reading the body",
};

/**
 * A connection-level failure as ConnectionFailed naming the host:port and what happened, or
 * undefined when `err` is not one. `service` says whose address to check in the remedy.
 */
export function connectionError(
  err: unknown,
  what: string,
  url: string | URL,
  service: "api" | "storage",
): Error | undefined {
  if (err instanceof ArtifactClientError) return err;
  const code = errnoCode(err);
  const where = hostPort(url);
  const remedy =
    service === "api"
      ? `Check that the REST API at ${where} is up and that --api-url / GITHUB_API_URL is right (in a workflow it is set for you); then run it again.`
      : `The artifact's storage (${where}, from the API's redirect) could not be reached: run it again; if it persists, check the service's status or a proxy between here and ${where}.`;
  if (code)
    return new ConnectionFailed(`${what}: the connection to ${where} ${WHAT[code] ?? `failed (${code})`}.`, remedy, {
      cause: err,
    });
  const message = (err as Errno)?.message ?? "";
  if (/fetch failed|failed to fetch|socket hang up|other side closed|network error/i.test(message)) {
    const reason = innerReason(err);
    if (reason === "bad port") {
      const port = where.slice(where.lastIndexOf(":") + 1);
      return new ConnectionFailed(
        `${what}: no connection to ${where} was attempted: fetch refuses port ${port} ("bad port": the Fetch standard blocks ports of other protocols, such as 9, 25 and 6000).`,
        service === "api"
          ? `Serve the REST API on a port fetch allows and point --api-url / GITHUB_API_URL at it (e.g. a mock started with --port 0 or --port 8080).`
          : `The API redirected to storage on port ${port}, which fetch refuses: check that --api-url / GITHUB_API_URL points at GitHub (or the mock), not a proxy that rewrites redirects.`,
        { cause: err },
      );
    }
    const detail = reason && reason !== message ? `${message}: ${reason}` : message;
    return new ConnectionFailed(`${what}: the connection to ${where} failed (${detail}).`, remedy, { cause: err });
  }
  return undefined;
}

/** The Interrupted error for an aborted signal (its reason when that is already typed). */
export function interruption(signal: AbortSignal, what: string): Error {
  const reason = signal.reason;
  const why =
    reason instanceof Error && reason.message && reason.name !== "AbortError"
      ? reason.message
      : "aborted by the caller";
  return new Interrupted(`${what}: stopped (${why}); nothing was written to the destination.`);
}

/** Seconds from a Retry-After header (delta-seconds or an HTTP date); undefined if absent or junk. */
export function retryAfterSeconds(value: unknown, now = Date.now()): number | undefined {
  if (typeof value !== "string" || value.trim() === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, (at - now) / 1000) : undefined;
}

export const formatMs = (ms: number): string =>
  ms < 1000
    ? `${Math.round(ms)} ms`
    : ms < 120_000
      ? `${Number((ms / 1000).toFixed(1))} s`
      : ms < 7_200_000
        ? `${Math.round(ms / 60_000)} min`
        : `${Number((ms / 3_600_000).toFixed(1))} h`;
