import yargs, { type Argv, type CommandModule } from "yargs";
import { hideBin } from "yargs/helpers";
import { rmSync } from "node:fs";
import { limitsFrom, networkFrom, uploadTimeoutFrom } from "./cli-options.ts";
import { activeStagingDirs, downloadArtifact } from "./download.ts";
import { ArtifactClientError, Interrupted, InvalidOptions } from "./errors.ts";
import { findLatestArtifact } from "./find.ts";
import { formatBytes } from "./safe-unzip.ts";
import { uploadArtifact } from "./upload.ts";

/** Exit codes: 0 done, 1 failed (typed error printed), 2 usage, 3 nothing found (find / download by search). */
export const EXIT = { ok: 0, failed: 1, usage: 2, notFound: 3 } as const;

type Common = { json: boolean; token?: string; "api-url"?: string };

const connectionOptions = (y: Argv) =>
  y
    .option("repo", { type: "string", demandOption: true, describe: "owner/name" })
    .option("token", {
      type: "string",
      describe: "GitHub token (default: env GITHUB_TOKEN or GH_TOKEN); never printed",
    })
    .option("api-url", {
      type: "string",
      describe: "REST API base (default: env GITHUB_API_URL, else https://api.github.com)",
    })
    .option("json", { type: "boolean", default: false, describe: "print one JSON object on stdout" })
    .option("connect-timeout", { type: "string", describe: "seconds to connect to storage (default 30)" })
    .option("idle-timeout", { type: "string", describe: "seconds storage may send nothing (default 60)" })
    .option("request-timeout", { type: "string", describe: "seconds for one REST request, start to end (default 120)" })
    .option("download-timeout", { type: "string", describe: "seconds for the whole zip download (default 3600)" })
    .option("min-speed", {
      type: "string",
      describe: "bytes/s the zip must average over a minute, or it is stopped (default 1024; 0: no minimum)",
    })
    .option("retries", { type: "string", describe: "retries of a failed or stalled request, 0-10 (default 3)" })
    .option("max-wait", {
      type: "string",
      describe: "longest Retry-After / rate-limit wait in seconds; a longer one fails at once (default 60)",
    });

/** Timeouts, retry cap, the interrupt signal and progress on stderr, shared by find and download. */
function network(argv: Common & Record<string, unknown>, signal: AbortSignal) {
  const { timeouts, maxWaitMs, retries } = networkFrom(argv);
  return {
    timeouts,
    retry: { ...(maxWaitMs !== undefined ? { maxWaitMs } : {}), ...(retries !== undefined ? { retries } : {}) },
    signal,
    onProgress: (line: string) => process.stderr.write(`perfgate artifact: ${line}\n`),
  };
}

const searchOptions = (y: Argv) =>
  y
    .option("workflow", { type: "string", describe: "workflow file name (ci.yml) or id" })
    .option("branch", { type: "string", describe: "only runs on this branch" })
    .option("name", { type: "string", describe: "artifact name" })
    .option("event", { type: "string", describe: "only runs triggered by this event" })
    .option("conclusion", {
      type: "string",
      default: "success",
      describe: 'run conclusion or status to match ("" = any)',
    });

function tokenFrom(argv: Common): string {
  const token = argv.token || process.env.GITHUB_TOKEN || process.env.GH_TOKEN;
  if (!token)
    throw new InvalidOptions(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow expression, printed literally
      "No token: pass --token or set GITHUB_TOKEN (in a workflow: env GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}).",
    );
  return token;
}

function emit(argv: { json: boolean }, result: Record<string, unknown>, human: string): void {
  process.stdout.write(argv.json ? `${JSON.stringify(result)}\n` : `${human}\n`);
}

async function search(argv: Common & Record<string, unknown>, signal: AbortSignal) {
  const missing = ["workflow", "name"].filter((k) => !argv[k]);
  if (missing.length)
    throw new InvalidOptions(
      `Missing ${missing.map((m) => `--${m}`).join(" and ")} (needed to search for the artifact).`,
    );
  return findLatestArtifact({
    repo: String(argv.repo),
    workflow: String(argv.workflow),
    name: String(argv.name),
    conclusion: String(argv.conclusion ?? "success"),
    ...(argv.branch ? { branch: String(argv.branch) } : {}),
    ...(argv.event ? { event: String(argv.event) } : {}),
    token: tokenFrom(argv),
    ...(argv["api-url"] ? { apiUrl: String(argv["api-url"]) } : {}),
    ...network(argv, signal),
  });
}

const find: CommandModule = {
  command: "find",
  describe: "find the newest artifact of a workflow's successful runs (dawidd6/action-download-artifact's search)",
  builder: (y) => searchOptions(connectionOptions(y)).demandOption(["workflow", "name"]),
  handler: (argv) =>
    run(argv as never, async (a, signal) => {
      networkFrom(a); // flags checked before any request
      const res = await search(a, signal);
      if (!res.found) {
        emit(a, res, `not found (${res.reason}): ${res.message}`);
        return EXIT.notFound;
      }
      const { run: r, artifact: art } = res;
      emit(
        a,
        { found: true, run: pickRun(r), artifact: pickArtifact(art) },
        `found: artifact ${art.id} '${art.name}' (${formatBytes(art.size_in_bytes)}${art.digest ? `, ${art.digest}` : ""}) of run ${r.id} (#${r.run_number}, ${r.head_branch}, ${r.created_at})`,
      );
      return EXIT.ok;
    }),
};

const download: CommandModule = {
  command: "download",
  describe: "download and safely extract an artifact (by --artifact-id, or the newest found by --workflow/--name)",
  builder: (y) =>
    searchOptions(connectionOptions(y))
      .option("artifact-id", { type: "number", describe: "artifact id; without it the artifact is searched for" })
      .option("dest", {
        type: "string",
        demandOption: true,
        describe: "directory to extract into (created; existing files of the same name are replaced)",
      })
      .option("expected-digest", {
        type: "string",
        describe: "sha256:<hex> the zip must have (default: the artifact's own digest)",
      })
      .option("max-entries", { type: "string", describe: "refuse archives with more entries (default 10000)" })
      .option("max-bytes", { type: "string", describe: "refuse archives expanding to more bytes (default 4 GiB)" }),
  handler: (argv) =>
    run(argv as never, async (a, signal) => {
      // Every flag is checked before the first request: a typo must not cost a download.
      const limits = limitsFrom(a);
      networkFrom(a);
      let artifactId = a["artifact-id"] as number | undefined;
      let found: Record<string, unknown> = {};
      if (artifactId === undefined) {
        const res = await search(a, signal);
        if (!res.found) {
          emit(a, res, `not found (${res.reason}): ${res.message}`);
          return EXIT.notFound;
        }
        artifactId = res.artifact.id;
        found = { run: pickRun(res.run) };
      }
      const res = await downloadArtifact({
        repo: String(a.repo),
        artifactId,
        dest: String(a.dest),
        token: tokenFrom(a),
        ...(a["api-url"] ? { apiUrl: String(a["api-url"]) } : {}),
        ...(a["expected-digest"] ? { expectedDigest: String(a["expected-digest"]) } : {}),
        limits,
        ...network(a, signal),
      });
      emit(
        a,
        {
          found: true,
          ...found,
          artifact: pickArtifact(res.artifact),
          dest: String(a.dest),
          files: res.files,
          bytes: res.bytes,
          digest: res.digest,
          digestVerified: res.digestVerified,
        },
        [
          `downloaded artifact ${res.artifact.id} '${res.artifact.name}' into ${a.dest} (${res.files.length} files, ${formatBytes(res.bytes)}, ${res.digest}${res.digestVerified ? " verified" : ""})`,
          ...res.files.map((f) => `  ${f}`),
        ].join("\n"),
      );
      return EXIT.ok;
    }),
};

const upload: CommandModule = {
  command: "upload <files..>",
  describe: "upload files as an artifact of the current run (needs ACTIONS_RUNTIME_TOKEN and ACTIONS_RESULTS_URL)",
  builder: (y) =>
    y
      .positional("files", { type: "string", array: true, describe: "files to upload" })
      .option("name", { type: "string", demandOption: true, describe: "artifact name" })
      .option("root-directory", {
        type: "string",
        describe: "paths in the artifact are relative to this (default: the files' common directory)",
      })
      .option("retention-days", { type: "number", describe: "1-90 (default: the repository's setting)" })
      .option("overwrite", {
        type: "boolean",
        default: false,
        describe: "delete an artifact of this name in this run first",
      })
      .option("compression-level", { type: "number", describe: "0-9 (default 6)" })
      .option("timeout", { type: "string", describe: "seconds the whole upload may take (default 1800)" })
      .option("json", { type: "boolean", default: false, describe: "print one JSON object on stdout" }),
  handler: (argv) =>
    run(
      argv as never,
      async (a, signal) => {
        const timeoutMs = uploadTimeoutFrom(a);
        // @actions/artifact logs through @actions/core to stdout; keep stdout for our result.
        const res = await withStdoutOnStderr(() =>
          uploadArtifact(String(a.name), (a.files as string[]) ?? [], {
            overwrite: Boolean(a.overwrite),
            ...(a["root-directory"] ? { rootDirectory: String(a["root-directory"]) } : {}),
            ...(a["retention-days"] !== undefined ? { retentionDays: Number(a["retention-days"]) } : {}),
            ...(a["compression-level"] !== undefined ? { compressionLevel: Number(a["compression-level"]) } : {}),
            ...(timeoutMs !== undefined ? { timeoutMs } : {}),
            signal,
          }),
        );
        emit(
          a,
          { name: a.name, ...res },
          `uploaded artifact ${res.id} '${a.name}' (${formatBytes(res.size)}${res.digest ? `, ${res.digest}` : ""})`,
        );
        return EXIT.ok;
      },
      { graceful: false },
    ),
};

/** `perfgate artifact find|download|upload`, to be mounted by another yargs CLI. */
export const artifactCommand: CommandModule = {
  command: "artifact",
  describe: "find, download and upload GitHub Actions artifacts",
  builder: (y) =>
    y.command(find).command(download).command(upload).demandCommand(1, "name a subcommand: find, download or upload"),
  handler: () => {},
};

/**
 * Runs a handler, printing typed errors (code, message, remedy) and setting the exit code.
 * SIGINT/SIGTERM abort the handler's signal: requests stop, the staging folder is removed by the
 * download's own cleanup and the command ends with INTERRUPTED. Should that cleanup not finish in
 * a few seconds (or a second signal come), the staging folders are removed here and we exit.
 */
async function run(
  argv: Common & Record<string, unknown>,
  fn: (a: Common & Record<string, unknown>, signal: AbortSignal) => Promise<number>,
  { graceful = true }: { graceful?: boolean } = {},
): Promise<void> {
  const stop = new AbortController();
  let forced: NodeJS.Timeout | undefined;
  const hardStop = () => {
    const dirs = activeStagingDirs();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    process.stderr.write(
      `error [INTERRUPTED]: stopped by a signal${dirs.length ? `; removed ${dirs.join(", ")}` : ""}\nremedy: Run the command again.\n`,
    );
    process.exit(EXIT.failed);
  };
  const onSignal = (sig: NodeJS.Signals) => {
    if (stop.signal.aborted || !graceful) return hardStop();
    process.stderr.write(`perfgate artifact: ${sig} received, stopping (the destination is left as it was)\n`);
    stop.abort(new Interrupted(`Stopped by ${sig}`));
    forced = setTimeout(hardStop, 5000);
    forced.unref();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    process.exitCode = await fn(argv, stop.signal);
  } catch (err) {
    const typed = err instanceof ArtifactClientError ? err : undefined;
    const code = typed?.code ?? "UNEXPECTED";
    const message = err instanceof Error ? err.message : String(err);
    const remedy =
      typed?.remedy ?? "This is a bug in perfgate's artifact client; please report it with the message above.";
    if (argv.json) process.stdout.write(`${JSON.stringify({ error: { code, message, remedy } })}\n`);
    process.stderr.write(`error [${code}]: ${message}\nremedy: ${remedy}\n`);
    process.exitCode = typed instanceof InvalidOptions ? EXIT.usage : EXIT.failed;
  } finally {
    if (forced) clearTimeout(forced);
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
  // GitHub's upload client cannot be cancelled: after a timeout its requests would keep us alive.
  if (!graceful && process.exitCode !== EXIT.ok) process.stderr.write("", () => process.exit());
}

async function withStdoutOnStderr<T>(fn: () => Promise<T>): Promise<T> {
  const write = process.stdout.write;
  process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
  try {
    return await fn();
  } finally {
    process.stdout.write = write;
  }
}

const pickRun = (r: {
  id: number;
  run_number: number;
  head_branch: string | null;
  head_sha: string;
  event: string;
  conclusion: string | null;
  created_at: string;
}) => ({
  id: r.id,
  run_number: r.run_number,
  head_branch: r.head_branch,
  head_sha: r.head_sha,
  event: r.event,
  conclusion: r.conclusion,
  created_at: r.created_at,
});
const pickArtifact = (a: {
  id: number;
  name: string;
  size_in_bytes: number;
  digest?: string | null;
  created_at: string | null;
  expires_at: string | null;
}) => ({
  id: a.id,
  name: a.name,
  size_in_bytes: a.size_in_bytes,
  digest: a.digest ?? null,
  created_at: a.created_at,
  expires_at: a.expires_at,
});

/** Standalone: `tsx packages/artifact-client/src/cli.ts find ...` (argv[1] check, no import.meta: bundles to CJS). */
export async function main(args: string[]): Promise<void> {
  await yargs(args)
    .scriptName("perfgate artifact")
    .command(find)
    .command(download)
    .command(upload)
    .demandCommand(1, "name a subcommand: find, download or upload")
    .strict()
    .fail((msg, err, y) => {
      if (err) throw err;
      process.stderr.write(`${y.help()}\n\nerror [USAGE]: ${msg}\n`);
      process.exit(EXIT.usage);
    })
    .parseAsync();
}

if (/artifact-client[\\/]src[\\/]cli\.ts$/.test(process.argv[1] ?? "")) {
  // No top-level await: this file must also bundle to CommonJS.
  main(hideBin(process.argv)).catch((err) => {
    process.stderr.write(`error [UNEXPECTED]: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = EXIT.failed;
  });
}
