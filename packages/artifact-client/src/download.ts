import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import path from "node:path";
import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { ArtifactExpired, ArtifactNotFound, DigestMismatch, GitHubApiError } from "./errors.ts";
import type { Artifact } from "./find.ts";
import { createGitHubClient, type GitHubClient, splitRepo, toTypedError } from "./github.ts";
import { type DownloadOptions, downloadOptionsSchema, parseOptions } from "./options.ts";
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

/**
 * Downloads artifact `artifactId` of `repo` and extracts it into `dest`. The zip streams to a
 * staging directory beside `dest` (never held in memory), its sha256 is checked against
 * `expectedDigest` or the artifact's own digest, it is extracted there with every entry checked,
 * and only a complete, verified extraction is moved into `dest`. On any error `dest` is untouched.
 */
export async function downloadArtifact(options: DownloadOptions): Promise<DownloadResult> {
  const opts = parseOptions(downloadOptionsSchema, options, "downloadArtifact");
  const octokit = createGitHubClient(opts);
  const { owner, repo } = splitRepo(opts.repo);
  const label = `artifact ${opts.artifactId} of ${opts.repo}`;

  const artifact = await getArtifact(octokit, owner, repo, opts.artifactId, label);
  if (artifact.expired) throw new ArtifactExpired(`The ${label} ('${artifact.name}') has expired.`);
  const expected =
    opts.expectedDigest ?? (/^sha256:[0-9a-f]{64}$/i.test(artifact.digest ?? "") ? artifact.digest! : undefined);

  const dest = path.resolve(opts.dest);
  await mkdir(path.dirname(dest), { recursive: true });
  // Beside dest, so the final move is a rename on the same filesystem.
  const staging = await mkdtemp(path.join(path.dirname(dest), `.${path.basename(dest)}.download-`));
  try {
    const zipPath = path.join(staging, "artifact.zip");
    const blobUrl = await zipLocation(octokit, owner, repo, opts.artifactId, label);
    const { bytes: zipBytes, digest } = await fetchToFile(blobUrl, zipPath, opts.retry, label);
    if (expected && expected.toLowerCase() !== digest) throw new DigestMismatch(expected.toLowerCase(), digest);
    const out = path.join(staging, "out");
    await mkdir(out);
    const { files, bytes } = await extractZipSafely(zipPath, out, opts.limits);
    await moveInto(out, dest);
    return { files, bytes, zipBytes, digest, digestVerified: expected !== undefined, artifact };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function getArtifact(
  octokit: GitHubClient,
  owner: string,
  repo: string,
  id: number,
  label: string,
): Promise<Artifact> {
  try {
    return (await octokit.rest.actions.getArtifact({ owner, repo, artifact_id: id })).data;
  } catch (err) {
    throw notFoundOrTyped(err, label, `Looking up the ${label}`);
  }
}

/** The signed blob URL GitHub redirects to; fetched by us so the token never goes there. */
async function zipLocation(
  octokit: GitHubClient,
  owner: string,
  repo: string,
  id: number,
  label: string,
): Promise<string> {
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
    throw notFoundOrTyped(err, label, `Requesting the zip of the ${label}`);
  }
  const location = res.headers.location;
  if (res.status >= 300 && res.status < 400 && typeof location === "string") return location;
  throw new GitHubApiError(
    `Requesting the zip of the ${label}: expected a redirect to the archive, got HTTP ${res.status}.`,
    res.status,
  );
}

function notFoundOrTyped(err: unknown, label: string, what: string): Error {
  const status = (err as { status?: number }).status;
  if (status === 404) return new ArtifactNotFound(`The ${label} does not exist (GitHub answered 404).`);
  if (status === 410) return new ArtifactExpired(`The ${label} has expired (GitHub answered 410).`);
  return toTypedError(err, what);
}

/** Streams the blob to `file`, hashing on the way; retries 5xx, 429 and dropped connections. */
async function fetchToFile(
  url: string,
  file: string,
  retry: { retries: number; baseDelayMs: number },
  label: string,
): Promise<{ bytes: number; digest: string }> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fetchOnce(url, file);
    } catch (err) {
      const status = (err as { status?: number }).status;
      const retryable = status === undefined || status >= 500 || status === 429;
      if (!retryable || attempt >= retry.retries) {
        const detail = status
          ? `HTTP ${status}`
          : ((err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message);
        throw new GitHubApiError(`Downloading the zip of the ${label} from storage failed (${detail}).`, status, {
          cause: err,
        });
      }
      const after = Number((err as { retryAfter?: string }).retryAfter);
      await sleep(
        Number.isFinite(after) && after > 0 ? after * retry.baseDelayMs : (attempt + 1) ** 2 * retry.baseDelayMs,
      );
    }
  }
}

/**
 * One GET of the blob through node:http(s), not fetch: undici's fetch reads ahead of a slow disk
 * and held tens of MB per 200 MB download; a plain socket stream keeps backpressure end to end.
 */
async function fetchOnce(url: string, file: string, redirectsLeft = 5): Promise<{ bytes: number; digest: string }> {
  const u = new URL(url);
  // Looked up at call time (not a named import) so msw's interceptor in tests sees the call.
  const get = u.protocol === "https:" ? https.get : http.get;
  // No Authorization header: the URL is signed, and the token must not leave GitHub's API.
  const res = await new Promise<IncomingMessage>((resolve, reject) => {
    get(u, { headers: { "user-agent": "perfgate-artifact-client" } }, resolve).on("error", reject);
  });
  const status = res.statusCode ?? 0;
  if (status >= 300 && status < 400 && res.headers.location && redirectsLeft > 0) {
    res.resume();
    return fetchOnce(new URL(res.headers.location, u).href, file, redirectsLeft - 1);
  }
  if (status !== 200) {
    res.resume();
    throw Object.assign(new Error(`HTTP ${status}`), { status, retryAfter: res.headers["retry-after"] });
  }
  const hash = createHash("sha256");
  let bytes = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  await pipeline(res, tap, createWriteStream(file, { highWaterMark: 1024 * 1024 }));
  return { bytes, digest: `sha256:${hash.digest("hex")}` };
}
