import { stat } from "node:fs/promises";
import path from "node:path";
import {
  ArtifactClientError,
  InvalidOptions,
  MissingRuntimeEnvironment,
  ServiceTimeout,
  UploadFailed,
} from "./errors.ts";
import { formatMs, hostPort, interruption } from "./network.ts";
import { parseOptions, type UploadOptions, uploadOptionsSchema } from "./options.ts";

export type UploadResult = { id: number; size: number; digest?: string };

/**
 * Uploads `files` as artifact `name` of the current run through GitHub's own client
 * (@actions/artifact, the one actions/upload-artifact@v4 uses), so the protocol is exactly
 * GitHub's. Paths inside the artifact are relative to `rootDirectory` (default: the files'
 * deepest common directory). `overwrite` deletes an existing artifact of that name in this run
 * first, as upload-artifact@v4 does. Needs ACTIONS_RUNTIME_TOKEN and ACTIONS_RESULTS_URL.
 */
export async function uploadArtifact(
  name: string,
  files: string[],
  options: UploadOptions = {},
): Promise<UploadResult> {
  const opts = parseOptions(uploadOptionsSchema, options, "uploadArtifact");
  if (!name.trim()) throw new InvalidOptions("Invalid uploadArtifact options: name: the artifact name is empty");
  if (files.length === 0) throw new InvalidOptions("Invalid uploadArtifact options: files: no files to upload");
  const missingEnv = ["ACTIONS_RUNTIME_TOKEN", "ACTIONS_RESULTS_URL"].filter((k) => !process.env[k]);
  if (missingEnv.length > 0) throw new MissingRuntimeEnvironment(missingEnv);

  const absolute = files.map((f) => path.resolve(f));
  for (const f of absolute) {
    const s = await stat(f).catch(() => undefined);
    if (!s?.isFile())
      throw new UploadFailed(`Cannot upload '${f}': ${s ? "it is not a regular file" : "no such file"}.`);
  }
  const root = path.resolve(opts.rootDirectory ?? commonDirectory(absolute));
  const outside = absolute.find((f) => path.relative(root, f).startsWith(".."));
  if (outside)
    throw new InvalidOptions(`Invalid uploadArtifact options: rootDirectory: '${outside}' is not under '${root}'`);

  // Loaded on first use: find/download must not pay for the Azure SDK it pulls in.
  const { DefaultArtifactClient, ArtifactNotFoundError } = await import("@actions/artifact");
  const client = new DefaultArtifactClient();
  const results = process.env.ACTIONS_RESULTS_URL!;
  const service = URL.canParse(results) ? hostPort(results) : JSON.stringify(results);
  try {
    return await bounded(upload(), opts.timeoutMs, opts.signal, `Uploading artifact '${name}' to ${service}`);
  } catch (err) {
    if (err instanceof ArtifactClientError) throw err;
    const message = err instanceof Error ? err.message : String(err);
    if (/\(409\)|\b409\b.*conflict|already exists/i.test(message)) {
      throw new UploadFailed(
        `Uploading artifact '${name}' failed: this run already has an artifact named '${name}' (the service answered 409 Conflict).`,
        {
          cause: err,
          remedy: `Pass overwrite: true (CLI --overwrite; upload-artifact's overwrite: true) to replace it, or upload under another name.`,
        },
      );
    }
    throw new UploadFailed(`Uploading artifact '${name}' failed: ${message}`, { cause: err });
  }

  async function upload(): Promise<UploadResult> {
    if (opts.overwrite) {
      try {
        await client.deleteArtifact(name);
      } catch (err) {
        if (!(err instanceof ArtifactNotFoundError)) throw err;
      }
    }
    const res = await client.uploadArtifact(name, absolute, root, {
      ...(opts.retentionDays !== undefined ? { retentionDays: opts.retentionDays } : {}),
      ...(opts.compressionLevel !== undefined ? { compressionLevel: opts.compressionLevel } : {}),
    });
    if (res.id === undefined)
      throw new UploadFailed(`The artifact service did not confirm artifact '${name}' (no id returned).`);
    return {
      id: res.id,
      size: res.size ?? 0,
      ...(res.digest ? { digest: `sha256:${res.digest.replace(/^sha256:/, "")}` } : {}),
    };
  }
}

/**
 * `work` or a typed rejection when `ms` pass or `signal` aborts first. The work itself cannot be
 * cancelled (GitHub's client takes no signal); its late outcome is ignored.
 */
async function bounded<T>(work: Promise<T>, ms: number, signal: AbortSignal | undefined, what: string): Promise<T> {
  work.catch(() => {});
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const stop = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new ServiceTimeout(
            `${what}: the artifact service did not finish within ${formatMs(ms)} (overall timeout)`,
            "timeoutMs (--timeout)",
          ),
        ),
      ms,
    );
    onAbort = () => reject(interruption(signal!, what));
    if (signal?.aborted) onAbort();
    signal?.addEventListener("abort", onAbort, { once: true });
  });
  try {
    return await Promise.race([work, stop]);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener("abort", onAbort);
  }
}

function commonDirectory(files: string[]): string {
  let dir = path.dirname(files[0]!);
  for (const f of files.slice(1)) {
    while (path.relative(dir, f).startsWith("..")) dir = path.dirname(dir);
  }
  return dir;
}
