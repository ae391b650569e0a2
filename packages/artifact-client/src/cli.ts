import {
  command,
  EXIT,
  type NumberRule,
  numberOption,
  reportError,
  setupCli,
  signalExitCode,
  stringOptions,
  withStdoutOnStderr,
} from "@perfgate/cli-kit";
import yargs, { type Argv } from "yargs";
import { hideBin } from "yargs/helpers";
import { rmSync } from "node:fs";
import { limitsFrom, networkFrom, uploadTimeoutFrom } from "./cli-options.ts";
import { activeStagingDirs, downloadArtifact } from "./download.ts";
import { Interrupted, InvalidOptions } from "./errors.ts";
import { findLatestArtifact } from "./find.ts";
import { formatBytes } from "./safe-unzip.ts";
import { uploadArtifact } from "./upload.ts";

/**
 * Exit codes (the CLI contract of @perfgate/cli-kit): 0 done, 1 nothing found (find, or download
 * by search: `found: false`), 2 an error (usage, network, refused, unsafe archive), 128 + n stopped by
 * signal n (SIGINT 130, SIGTERM 143).
 */
const CLI = "perfgate artifact";

// Numbers that go straight into an API field: checked while parsing (cli-kit's numberOption), so
// "abc" is a usage error naming the flag and the range, not the API's "retentionDays ... NaN".
const checked = (rule: NumberRule, describe: string) =>
  ({ type: "string", requiresArg: true, coerce: numberOption(rule), describe }) as const;
const artifactIdOption = checked(
  { flag: "--artifact-id", min: 1, integer: true, example: "--artifact-id 1234567" },
  "artifact id; without it the artifact is searched for",
);
const retentionDaysOption = checked(
  { flag: "--retention-days", min: 1, max: 90, integer: true, unit: "days", example: "--retention-days 30" },
  "1-90 (default: the repository's setting)",
);
const compressionLevelOption = checked(
  {
    flag: "--compression-level",
    min: 0,
    max: 9,
    integer: true,
    note: "0 stores, 9 packs hardest",
    example: "--compression-level 6",
  },
  "0-9 (default 6)",
);

const connectionOptions = <T>(y: Argv<T>) =>
  y
    .option("repo", { type: "string", demandOption: true, describe: "owner/name" })
    .options(
      stringOptions({
        token: "GitHub token (default: env GITHUB_TOKEN or GH_TOKEN); never printed",
        "api-url": "REST API base (default: env GITHUB_API_URL, else https://api.github.com)",
        "connect-timeout": "seconds to connect to storage (default 30)",
        "idle-timeout": "seconds storage may send nothing (default 60)",
        "request-timeout": "seconds for one REST request, start to end (default 120)",
        "download-timeout": "seconds for the whole zip download (default 3600)",
        "min-speed": "bytes/s the zip must average over a minute, or it is stopped (default 1024; 0: no minimum)",
        retries: "retries of a failed or stalled request, 0-10 (default 3)",
        "max-wait": "longest Retry-After / rate-limit wait in seconds; a longer one fails at once (default 60)",
      }),
    )
    .option("json", { type: "boolean", default: false, describe: "print one JSON object on stdout" });

type Connection = ReturnType<typeof connectionOptions<object>> extends Argv<infer T> ? T : never;

/** Timeouts, retry cap, the interrupt signal and progress on stderr, shared by find and download. */
function network(argv: Record<string, unknown>, signal: AbortSignal) {
  const { timeouts, maxWaitMs, retries } = networkFrom(argv);
  return {
    timeouts,
    retry: { ...(maxWaitMs !== undefined ? { maxWaitMs } : {}), ...(retries !== undefined ? { retries } : {}) },
    signal,
    onProgress: (line: string) => process.stderr.write(`${CLI}: ${line}\n`),
  };
}

const searchOptions = <T>(y: Argv<T>) =>
  y
    .options(
      stringOptions({
        workflow: "workflow file name (ci.yml) or id",
        branch: "only runs on this branch",
        name: "artifact name",
        event: "only runs triggered by this event",
      }),
    )
    .option("conclusion", {
      type: "string",
      default: "success",
      describe: 'run conclusion or status to match ("" = any)',
    });

type Search = Connection & (ReturnType<typeof searchOptions<object>> extends Argv<infer T> ? T : never);

function tokenFrom(argv: { token?: string | undefined }): string {
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

async function search(argv: Search, signal: AbortSignal) {
  const missing = (["workflow", "name"] as const).filter((k) => !argv[k]);
  if (missing.length)
    throw new InvalidOptions(
      `Missing ${missing.map((m) => `--${m}`).join(" and ")} (needed to search for the artifact).`,
    );
  return findLatestArtifact({
    repo: argv.repo,
    workflow: String(argv.workflow),
    name: String(argv.name),
    conclusion: argv.conclusion,
    ...(argv.branch ? { branch: argv.branch } : {}),
    ...(argv.event ? { event: argv.event } : {}),
    token: tokenFrom(argv),
    ...(argv["api-url"] ? { apiUrl: argv["api-url"] } : {}),
    ...network(argv, signal),
  });
}

const find = command({
  command: "find",
  describe: "find the newest artifact of a workflow's successful runs (dawidd6/action-download-artifact's search)",
  builder: (y) => searchOptions(connectionOptions(y)).demandOption(["workflow", "name"]),
  handler: (argv) =>
    run(argv, async (a, signal) => {
      networkFrom(a); // flags checked before any request
      const res = await search(a, signal);
      if (!res.found) {
        emit(a, res, `not found (${res.reason}): ${res.message}`);
        return EXIT.failed;
      }
      const { run: r, artifact: art } = res;
      emit(
        a,
        { found: true, run: pickRun(r), artifact: pickArtifact(art) },
        `found: artifact ${art.id} '${art.name}' (${formatBytes(art.size_in_bytes)}${art.digest ? `, ${art.digest}` : ""}) of run ${r.id} (#${r.run_number}, ${r.head_branch}, ${r.created_at})`,
      );
      return EXIT.ok;
    }),
});

const download = command({
  command: "download",
  describe: "download and safely extract an artifact (by --artifact-id, or the newest found by --workflow/--name)",
  builder: (y) =>
    searchOptions(connectionOptions(y))
      .option("artifact-id", artifactIdOption)
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
    run(argv, async (a, signal) => {
      // Every flag is checked before the first request: a typo must not cost a download.
      const limits = limitsFrom(a);
      networkFrom(a);
      let artifactId = a["artifact-id"];
      let found: Record<string, unknown> = {};
      if (artifactId === undefined) {
        const res = await search(a, signal);
        if (!res.found) {
          emit(a, res, `not found (${res.reason}): ${res.message}`);
          return EXIT.failed;
        }
        artifactId = res.artifact.id;
        found = { run: pickRun(res.run) };
      }
      const res = await downloadArtifact({
        repo: a.repo,
        artifactId,
        dest: a.dest,
        token: tokenFrom(a),
        ...(a["api-url"] ? { apiUrl: a["api-url"] } : {}),
        ...(a["expected-digest"] ? { expectedDigest: a["expected-digest"] } : {}),
        limits,
        ...network(a, signal),
      });
      emit(
        a,
        {
          found: true,
          ...found,
          artifact: pickArtifact(res.artifact),
          dest: a.dest,
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
});

const upload = command({
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
      .option("retention-days", retentionDaysOption)
      .option("overwrite", {
        type: "boolean",
        default: false,
        describe: "delete an artifact of this name in this run first",
      })
      .option("compression-level", compressionLevelOption)
      .option("timeout", { type: "string", describe: "seconds the whole upload may take (default 1800)" })
      .option("json", { type: "boolean", default: false, describe: "print one JSON object on stdout" }),
  handler: (argv) =>
    run(
      argv,
      async (a, signal) => {
        const timeoutMs = uploadTimeoutFrom(a);
        // @actions/artifact logs through @actions/core to stdout; keep stdout for our result.
        const res = await withStdoutOnStderr(() =>
          uploadArtifact(a.name, a.files ?? [], {
            overwrite: a.overwrite,
            ...(a["root-directory"] ? { rootDirectory: a["root-directory"] } : {}),
            ...(a["retention-days"] !== undefined ? { retentionDays: a["retention-days"] } : {}),
            ...(a["compression-level"] !== undefined ? { compressionLevel: a["compression-level"] } : {}),
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
});

/** `perfgate artifact find|download|upload`, to be mounted by another yargs CLI. */
export const artifactCommand = command({
  command: "artifact",
  describe: "find, download and upload GitHub Actions artifacts",
  builder: (y) => subcommands(y),
  handler: () => {},
});

const subcommands = (y: Argv) =>
  y.command(find).command(download).command(upload).demandCommand(1, "name a subcommand: find, download or upload");

/**
 * The artifact commands' guard: runs a handler, reports a thrown error the one way (cli-kit) and
 * sets the exit code. SIGINT/SIGTERM abort the handler's signal: requests stop, the staging folder
 * is removed by the download's own cleanup and the command ends with INTERRUPTED. Should that
 * cleanup not finish in a few seconds (or a second signal come), the staging folders are removed
 * here and we exit.
 */
async function run<A extends { json: boolean; token?: string | undefined }>(
  argv: A,
  fn: (a: A, signal: AbortSignal) => Promise<number>,
  { graceful = true }: { graceful?: boolean } = {},
): Promise<void> {
  const stop = new AbortController();
  let forced: NodeJS.Timeout | undefined;
  // The contract's exit for a stop: 128 + the signal's number (SIGINT 130, SIGTERM 143).
  let stoppedBy: "SIGINT" | "SIGTERM" | undefined;
  const exitFor = (code: number) => (stoppedBy && code === EXIT.interrupted ? signalExitCode(stoppedBy) : code);
  const report = { cli: CLI, json: argv.json, secrets: [argv.token] };
  const hardStop = () => {
    const dirs = activeStagingDirs();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    const removed = dirs.length ? `; removed ${dirs.join(", ")}` : "";
    process.exit(exitFor(reportError(new Interrupted(`stopped by a signal${removed}`), report)));
  };
  const onSignal = (sig: "SIGINT" | "SIGTERM") => {
    stoppedBy ??= sig;
    if (stop.signal.aborted || !graceful) return hardStop();
    process.stderr.write(`${CLI}: ${sig} received, stopping (the destination is left as it was)\n`);
    stop.abort(new Interrupted(`Stopped by ${sig}`));
    forced = setTimeout(hardStop, 5000);
    forced.unref();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    process.exitCode = await fn(argv, stop.signal);
  } catch (err) {
    process.exitCode = exitFor(reportError(err, report));
  } finally {
    if (forced) clearTimeout(forced);
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
  // GitHub's upload client cannot be cancelled: after a timeout its requests would keep us alive.
  if (!graceful && process.exitCode !== EXIT.ok) process.stderr.write("", () => process.exit());
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
  await subcommands(
    setupCli(yargs(args), {
      name: CLI,
      usageError: (message, _usage, _cause, remedy) =>
        remedy ? new InvalidOptions(`${message}.`, remedy) : new InvalidOptions(`${message} (see \`${CLI} --help\`).`),
    }),
  ).parseAsync();
}

if (/artifact-client[\\/]src[\\/]cli\.ts$/.test(process.argv[1] ?? "")) {
  // No top-level await: this file must also bundle to CommonJS.
  const args = hideBin(process.argv);
  main(args).catch((err) => {
    process.exitCode = reportError(err, { cli: CLI, json: args.includes("--json") });
  });
}
