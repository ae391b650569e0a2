import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, mkdtemp, rm, stat } from "node:fs/promises";
import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { setTimeout as sleep } from "node:timers/promises";
import {
  ArtifactClientError,
  ArtifactExpired,
  ArtifactNotFound,
  BadRedirect,
  DestinationConflict,
  DigestMismatch,
  GitHubApiError,
  RateLimited,
  ServiceTimeout,
} from "./errors.ts";
import type { Artifact } from "./find.ts";
import { createGitHubClient, type GitHubClient, resolveApiUrl, splitRepo, toTypedError } from "./github.ts";
import { connectionError, formatMs, hostPort, interruption, redactedUrl, retryAfterSeconds } from "./network.ts";
import { type DownloadOptions, downloadOptionsSchema, parseOptions, type Timeouts } from "./options.ts";
import { moveInto } from "./place.ts";
import { extractZipSafely } from "./safe-unzip.ts";

export type DownloadResult = {
  /** Extracted paths relative to `dest`, POSIX separators, in archive order. */
  files: string[];
  /** Uncompressed bytes written. */
  bytes: number;
  /** Bytes of the zip as downloaded. */
  zipBytes: number;
  /** `sha256:<hex>` of the downloaded zip. */
  digest: string;
  /** Whether the digest was compared with an expected one (given, or the artifact's own). */
  digestVerified: boolean;
  artifact: Artifact;
};

// Staging folders of downloads in progress: a CLI removes them synchronously if a signal cannot wait.
const staging = new Set<string>();
export const activeStagingDirs = (): string[] => [...staging];

/**
 * Downloads artifact `artifactId` of `repo` and extracts it into `dest`. The zip streams to a
 * staging directory beside `dest` (never held in memory), its sha256 is checked against
 * `expectedDigest` or the artifact's own digest, it is extracted there with every entry checked,
 * and only a complete, verified extraction is moved into `dest`, all or nothing (place.ts). On
 * any error, timeout or abort `dest` is as it was and the staging directory is removed.
 */
export async function downloadArtifact(options: DownloadOptions): Promise<DownloadResult> {
  const opts = parseOptions(downloadOptionsSchema, options, "downloadArtifact");
  const octokit = createGitHubClient(opts);
  const { owner, repo } = splitRepo(opts.repo);
  const label = `artifact ${opts.artifactId} of ${opts.repo}`;
  const apiUrl = resolveApiUrl(opts.apiUrl);
  const checkAbort = (what: string) => {
    if (opts.signal?.aborted) throw interruption(opts.signal, what);
  };

  const ref: ArtifactRef = { octokit, owner, repo, id: opts.artifactId, label, apiUrl };
  const artifact = await getArtifact(ref);
  if (artifact.expired) throw new ArtifactExpired(`The ${label} ('${artifact.name}') has expired.`);
  const expected =
    opts.expectedDigest ?? (/^sha256:[0-9a-f]{64}$/i.test(artifact.digest ?? "") ? artifact.digest! : undefined);

  const dest = path.resolve(opts.dest);
  await prepareParent(dest);
  checkAbort(`Downloading the ${label}`);
  // Beside dest, so the final move is a rename on the same filesystem.
  const stage = await mkdtemp(path.join(path.dirname(dest), `.${path.basename(dest)}.download-`));
  staging.add(stage);
  try {
    const zipPath = path.join(stage, "artifact.zip");
    const blobUrl = await zipLocation(ref);
    const { bytes: zipBytes, digest } = await fetchToFile(blobUrl, zipPath, {
      retry: opts.retry,
      timeouts: opts.timeouts,
      signal: opts.signal,
      progress: opts.onProgress,
      label,
    });
    if (expected && expected.toLowerCase() !== digest) throw new DigestMismatch(expected.toLowerCase(), digest);
    checkAbort(`Extracting the ${label}`);
    const out = path.join(stage, "out");
    await mkdir(out);
    const { files, bytes } = await extractZipSafely(zipPath, out, opts.limits, opts.signal);
    // Past this point the move runs to its end (or rolls back): stopping it halfway would mix old and new.
    checkAbort(`Moving the ${label} into ${dest}`);
    await moveInto(out, dest, path.join(stage, "replaced"));
    return { files, bytes, zipBytes, digest, digestVerified: expected !== undefined, artifact };
  } finally {
    await rm(stage, { recursive: true, force: true });
    staging.delete(stage);
  }
}

/** dest's parent must be (or become) a folder; a file in the way is named, not an ENOTDIR. */
async function prepareParent(dest: string): Promise<void> {
  try {
    await mkdir(path.dirname(dest), { recursive: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOTDIR" || code === "EEXIST") {
      let at = path.dirname(dest);
      while (at !== path.dirname(at) && !(await stat(at).catch(() => undefined))?.isFile()) at = path.dirname(at);
      throw new DestinationConflict(
        `The destination ${dest} cannot be created: ${at} is a file, not a folder; nothing was changed.`,
        at,
      );
    }
    throw err;
  }
}

/** One artifact of one repository, with what its error messages name. */
interface ArtifactRef {
  octokit: GitHubClient;
  owner: string;
  repo: string;
  id: number;
  label: string;
  apiUrl: string;
}

async function getArtifact({ octokit, owner, repo, id, label, apiUrl }: ArtifactRef): Promise<Artifact> {
  try {
    return (await octokit.rest.actions.getArtifact({ owner, repo, artifact_id: id })).data;
  } catch (err) {
    throw notFoundOrTyped(err, label, `Looking up the ${label}`, apiUrl);
  }
}

/** The signed blob URL GitHub redirects to; fetched by us so the token never goes there. */
async function zipLocation({ octokit, owner, repo, id, label, apiUrl }: ArtifactRef): Promise<string> {
  const what = `Requesting the zip of the ${label}`;
  let res: { status: number; headers: Record<string, unknown> };
  try {
    res = await octokit.request("GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}", {
      owner,
      repo,
      artifact_id: id,
      archive_format: "zip",
      request: { redirect: "manual" },
    });
  } catch (err) {
    throw notFoundOrTyped(err, label, what, apiUrl);
  }
  const location = res.headers.location;
  if (res.status >= 300 && res.status < 400) {
    if (typeof location !== "string" || location === "") {
      throw new BadRedirect(`${what}: the API answered ${res.status} (a redirect) without a Location header.`);
    }
    return checkedRedirect(location, new URL(apiUrl), what).href;
  }
  throw new GitHubApiError(
    `${what}: expected a redirect (302) to the archive's storage, got HTTP ${res.status}${res.status === 200 ? " with the content inline" : ""}.`,
    res.status,
  );
}

/** Only http(s) redirects are followed: a file:, data: or other scheme is refused at once. */
function checkedRedirect(location: string, base: URL, what: string): URL {
  let u: URL;
  try {
    u = new URL(location, base);
  } catch {
    throw new BadRedirect(`${what}: the redirect's Location ${JSON.stringify(location.slice(0, 200))} is not a URL.`);
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") {
    throw new BadRedirect(
      `${what}: ${hostPort(base)} redirected to a ${u.protocol} URL (${redactedUrl(u)}); only http and https are followed, so it was refused without retrying.`,
    );
  }
  return u;
}

function notFoundOrTyped(err: unknown, label: string, what: string, apiUrl: string): Error {
  const status = (err as { status?: number; response?: unknown }).status;
  const answered = (err as { response?: unknown }).response !== undefined;
  if (answered && status === 404) return new ArtifactNotFound(`The ${label} does not exist (GitHub answered 404).`);
  if (answered && status === 410) return new ArtifactExpired(`The ${label} has expired (GitHub answered 410).`);
  return toTypedError(err, what, apiUrl);
}

type FetchContext = {
  retry: { retries: number; baseDelayMs: number; maxWaitMs: number };
  timeouts: Timeouts;
  signal: AbortSignal | undefined;
  progress: ((message: string) => void) | undefined;
  label: string;
};

/** An answer other than 200 from storage; `retryAfter` as sent. */
type HttpFailure = Error & { status: number; retryAfter?: string };

/**
 * Streams the blob to `file`, hashing on the way. Retries 5xx, 429, timeouts and dropped
 * connections; a Retry-After longer than `maxWaitMs` fails at once (RateLimited), a shorter one
 * is announced through `progress` and waited out; an abort stops the wait too.
 */
async function fetchToFile(url: string, file: string, ctx: FetchContext): Promise<{ bytes: number; digest: string }> {
  const what = `Downloading the zip of the ${ctx.label} from storage (${hostPort(url)})`;
  for (let attempt = 0; ; attempt++) {
    let failure: Error;
    try {
      return await fetchOnce(new URL(url), file, ctx, what);
    } catch (err) {
      failure = err as Error;
    }
    const status = (failure as Partial<HttpFailure>).status;
    const typed = failure instanceof ArtifactClientError ? failure : undefined;
    const retryable =
      typed instanceof ServiceTimeout ||
      typed?.code === "CONNECTION_FAILED" ||
      (status !== undefined && (status >= 500 || status === 429));
    if (!retryable || attempt >= ctx.retry.retries) {
      if (typed) throw typed;
      throw new GitHubApiError(
        `${what}: storage answered HTTP ${status}${attempt > 0 ? ` (after ${attempt + 1} attempts)` : ""}.`,
        status,
        {
          cause: failure,
        },
      );
    }
    const after = retryAfterSeconds((failure as Partial<HttpFailure>).retryAfter);
    const waitMs = after !== undefined ? after * ctx.retry.baseDelayMs : (attempt + 1) ** 2 * ctx.retry.baseDelayMs;
    const why = status
      ? `storage answered HTTP ${status}${after !== undefined ? ` with Retry-After: ${(failure as HttpFailure).retryAfter}` : ""}`
      : failure.message.replace(`${what}: `, "");
    if (waitMs > ctx.retry.maxWaitMs) {
      throw new RateLimited(
        `${what}: ${why}, a wait of ${formatMs(waitMs)}, more than the ${formatMs(ctx.retry.maxWaitMs)} allowed; not waiting.`,
        "Run it again later, or allow a longer wait (retry.maxWaitMs, --max-wait) if the service really needs it.",
      );
    }
    ctx.progress?.(
      `waiting ${formatMs(waitMs)} before retry ${attempt + 1} of ${ctx.retry.retries} of the ${ctx.label}'s zip: ${why}`,
    );
    try {
      await sleep(waitMs, undefined, ctx.signal ? { signal: ctx.signal } : undefined);
    } catch {
      throw interruption(ctx.signal!, what);
    }
  }
}

/**
 * One GET of the blob through node:http(s), not fetch: undici's fetch reads ahead of a slow disk
 * and held tens of MB per 200 MB download; a plain socket stream keeps backpressure end to end.
 * Bounded by a connect, an idle, an overall and a low-speed timeout, and the caller's signal:
 * whichever fires first aborts the request with its typed reason.
 */
async function fetchOnce(
  u: URL,
  file: string,
  ctx: FetchContext,
  what: string,
  redirectsLeft = 5,
): Promise<{ bytes: number; digest: string }> {
  const t = ctx.timeouts;
  if (ctx.signal?.aborted) throw interruption(ctx.signal, what);
  const ctl = new AbortController();
  let reason: Error | undefined;
  const fail = (err: Error) => {
    if (reason) return;
    reason = err;
    ctl.abort(err);
  };
  const timeout = (kind: string, ms: number, option: string, detail: string) =>
    new ServiceTimeout(`${what}: ${detail} (${kind} timeout, ${formatMs(ms)})`, option);
  const onAbort = () => fail(interruption(ctx.signal!, what));
  ctx.signal?.addEventListener("abort", onAbort, { once: true });
  const timers: NodeJS.Timeout[] = [
    setTimeout(
      () =>
        fail(
          timeout(
            "overall",
            t.downloadMs,
            "timeouts.downloadMs (--download-timeout)",
            "the download did not finish in time",
          ),
        ),
      t.downloadMs,
    ),
  ];
  let bytes = 0;
  try {
    // Looked up at call time (not a named import) so msw's interceptor in tests sees the call.
    const get = u.protocol === "https:" ? https.get : http.get;
    // No Authorization header: the URL is signed, and the token must not leave GitHub's API.
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = get(u, { headers: { "user-agent": "perfgate-artifact-client" }, signal: ctl.signal }, resolve);
      req.on("error", (err) => reject(reason ?? err));
      req.on("socket", (socket) => {
        if (!socket.connecting) return;
        const connect = setTimeout(
          () =>
            fail(
              timeout(
                "connect",
                t.connectMs,
                "timeouts.connectMs (--connect-timeout)",
                `no connection to ${hostPort(u)}`,
              ),
            ),
          t.connectMs,
        );
        timers.push(connect);
        socket.once("connect", () => clearTimeout(connect));
      });
      // Socket inactivity: waiting for the headers, and every gap between body chunks.
      req.setTimeout(t.idleMs, () =>
        fail(
          timeout(
            "idle",
            t.idleMs,
            "timeouts.idleMs (--idle-timeout)",
            `${hostPort(u)} sent nothing for too long (${formatMs(t.idleMs)})`,
          ),
        ),
      );
    });
    const status = res.statusCode ?? 0;
    if (status >= 300 && status < 400) {
      res.resume();
      const location = res.headers.location;
      if (!location)
        throw new BadRedirect(`${what}: storage answered ${status} (a redirect) without a Location header.`);
      const next = checkedRedirect(location, u, what);
      if (redirectsLeft <= 0) {
        throw new BadRedirect(
          `${what}: storage keeps redirecting (more than 5 redirects, the last ${status} to ${redactedUrl(next)}); a redirect loop.`,
        );
      }
      return await fetchOnce(next, file, ctx, what, redirectsLeft - 1);
    }
    if (status !== 200) {
      res.resume();
      throw Object.assign(new Error(`HTTP ${status}`), {
        status,
        retryAfter: res.headers["retry-after"],
      }) as HttpFailure;
    }
    const hash = createHash("sha256");
    if (t.minBytesPerSecond > 0) {
      // A trickle resets the idle timer with every byte; the low-speed check catches it (as curl's --speed-limit).
      let windowStart = 0;
      const slow = setInterval(() => {
        const got = bytes - windowStart;
        windowStart = bytes;
        if ((got * 1000) / t.slowWindowMs < t.minBytesPerSecond) {
          fail(
            timeout(
              "low-speed",
              t.slowWindowMs,
              "timeouts.minBytesPerSecond / slowWindowMs (--min-speed)",
              `storage sent ${got} bytes in ${formatMs(t.slowWindowMs)}, below ${t.minBytesPerSecond} bytes/s`,
            ),
          );
        }
      }, t.slowWindowMs);
      timers.push(slow);
    }
    const tap = new Transform({
      transform(chunk: Buffer, _enc, done) {
        hash.update(chunk);
        bytes += chunk.length;
        done(null, chunk);
      },
    });
    await pipeline(res, tap, createWriteStream(file, { highWaterMark: 1024 * 1024 }), { signal: ctl.signal });
    return { bytes, digest: `sha256:${hash.digest("hex")}` };
  } catch (err) {
    if (reason) throw reason;
    if ((err as Partial<HttpFailure>).status !== undefined || err instanceof ArtifactClientError) throw err;
    throw connectionError(err, what, u, "storage") ?? err;
  } finally {
    for (const timer of timers) clearTimeout(timer);
    ctx.signal?.removeEventListener("abort", onAbort);
    ctl.abort(); // ends a socket still open after an error (no-op when complete)
  }
}
