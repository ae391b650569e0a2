import { basename, join, resolve } from "node:path";
import { createMockClient, MockControlError, startMockServer } from "@perfgate/mock-github";
import { DriverError, type RunResult, runWorkflow } from "@perfgate/workflow-driver";
import { type NumberRule, numberOption, runGuarded, setupCli, stringOptions } from "@perfgate/cli-kit";
import { execa } from "execa";
import yargs from "yargs";
import { createProgress } from "./progress.ts";
import { listWorkflowFiles } from "./workflow-files.ts";

/** `--timeout` of `simulate run` and the scenarios: seconds one workflow run may take. */
export const TIMEOUT_RULE: NumberRule = {
  flag: "--timeout",
  min: 1,
  max: 86_400,
  unit: "seconds",
  example: "--timeout 600",
};
export const DEFAULT_TIMEOUT_S = 600;

/**
 * The `--timeout` option of both commands: cli-kit's numberOption, so "abc" is a usage error
 * naming the flag, not NaN passed on as the run's timeout.
 */
export function timeoutOption(describe: string) {
  return {
    type: "string",
    requiresArg: true,
    default: String(DEFAULT_TIMEOUT_S),
    coerce: numberOption(TIMEOUT_RULE),
    describe,
  } as const;
}

/** The run's timeout in ms from a parsed `--timeout`. */
export function timeoutMs(seconds: number | undefined): number {
  return (seconds ?? DEFAULT_TIMEOUT_S) * 1000;
}

export interface RunCommandIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

const defaultIo: RunCommandIo = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
};

/**
 * `simulate run <repoDir> --event push|pull_request [--job J] [--branch B] [--json]`: runs a
 * repository's workflow through act against the mock GitHub (started here unless --api-url
 * names one). `args` are the words after `run`. Resolves to the exit code: act's (0 or 1),
 * 2 for unusable input, 130 when interrupted.
 */
export async function runCommand(args: string[], io: RunCommandIo = defaultIo): Promise<number> {
  const json = args.includes("--json");
  return runGuarded(() => runParsed(args, io), { cli: "simulate run", json, stdout: io.stdout, stderr: io.stderr });
}

async function runParsed(args: string[], io: RunCommandIo): Promise<number> {
  const argv = await setupCli(yargs(args), {
    name: "simulate run",
    usageError: (message, _usage, _cause, remedy) =>
      new DriverError("INVALID_OPTIONS", message, remedy ?? "See `simulate run --help`."),
  })
    .usage("$0 <repoDir> --event push|pull_request [options]")
    .command("$0 <repoDir>", "run a repository's workflow through act, offline")
    .positional("repoDir", { type: "string", demandOption: true, describe: "the repository (a git work tree)" })
    .option("event", { choices: ["push", "pull_request", "workflow_dispatch"] as const, demandOption: true })
    .options(
      stringOptions({
        workflow: "workflow file (default: the only one in .github/workflows)",
        job: "run this job (and the jobs it needs) only",
        branch: "branch the run is for (default: the checked-out branch)",
        repo: "owner/name reported as GITHUB_REPOSITORY (default: local/<dir name>)",
        "api-url": "a running mock GitHub (default: start one for this run)",
      }),
    )
    .option("timeout", timeoutOption("seconds the run may take"))
    .option("json", { type: "boolean", default: false, describe: "print the runWorkflow result as JSON on stdout" })
    .help()
    .parseAsync();
  if (argv.help) return 0;
  const repoDir = resolve(argv.repoDir);
  const workflowFile = argv.workflow ?? (await onlyWorkflow(repoDir));
  const { sha, branch } = await gitHead(repoDir, argv.branch);
  const repo = argv.repo ?? `local/${basename(repoDir)}`;
  // The scenarios' printer: one way to show a run's jobs and steps, whichever command ran it.
  const progress = createProgress({ verbose: false, write: io.stderr });
  const mock = argv["api-url"] ? undefined : await startMockServer();
  const apiUrl = (argv["api-url"] ?? mock!.url).replace(/\/$/, "");
  try {
    const control = createMockClient(apiUrl);
    // The mock knows the repository's workflow files, as GitHub does: a file that never ran lists 0 runs.
    const files = await listWorkflowFiles(repoDir);
    if (files.length > 0) await refusedAsDriverError(control.registerWorkflows(repo, files));
    const run = await refusedAsDriverError(
      control.registerRun({ repo, workflow: basename(workflowFile), branch, event: argv.event, sha }),
    );
    let result: RunResult;
    try {
      result = await runWorkflow({
        repoDir,
        workflowFile,
        ...(argv.job ? { job: argv.job } : {}),
        event: argv.event,
        ref: argv.event === "pull_request" ? branch : `refs/heads/${branch}`,
        sha,
        repo,
        mock: { apiUrl, resultsUrl: `${apiUrl}/`, runtimeToken: run.runtimeToken, runId: run.id },
        timeoutMs: timeoutMs(argv.timeout),
        onEvent: (e) => progress.event(e),
      });
    } catch (err) {
      await control.completeRun(run.id, "cancelled").catch(() => {});
      throw err;
    }
    await refusedAsDriverError(control.completeRun(run.id, result.exitCode === 0 ? "success" : "failure"));
    io.stdout(argv.json ? `${JSON.stringify(result, null, 2)}\n` : summarize(result));
    return result.exitCode === 0 ? 0 : 1;
  } finally {
    await mock?.close();
  }
}

async function onlyWorkflow(repoDir: string): Promise<string> {
  const dir = join(repoDir, ".github", "workflows");
  const files = await listWorkflowFiles(repoDir);
  if (files.length === 1) return join(".github", "workflows", files[0]!);
  throw new DriverError(
    "WORKFLOW_NOT_FOUND",
    files.length === 0 ? `no workflow files in ${dir}` : `${dir} holds ${files.length} workflows (${files.join(", ")})`,
    "Name one with --workflow .github/workflows/<file>.",
  );
}

async function gitHead(repoDir: string, branch?: string): Promise<{ sha: string; branch: string }> {
  const git = (...a: string[]) => execa("git", a, { cwd: repoDir, reject: false });
  const head = await git("rev-parse", "HEAD");
  if (head.exitCode !== 0) {
    throw new DriverError(
      "INVALID_OPTIONS",
      `${repoDir} is not a git work tree with a commit`,
      "Run it on a git repository (git init && git commit).",
    );
  }
  const current = (await git("rev-parse", "--abbrev-ref", "HEAD")).stdout.trim();
  return { sha: head.stdout.trim(), branch: branch ?? (current && current !== "HEAD" ? current : "main") };
}

/** A refused or unreachable --api-url is the caller's option at fault, named with the mock's own message. */
async function refusedAsDriverError<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (err) {
    if (!(err instanceof MockControlError)) throw err;
    throw new DriverError(
      "INVALID_OPTIONS",
      err.message,
      "Point --api-url at a running @perfgate/mock-github (pnpm mock-github), or leave it out.",
    );
  }
}

const MARK: Record<string, string> = { success: "✓", failure: "✗", skipped: "-", cancelled: "⊘" };

function summarize(r: RunResult): string {
  const lines = r.jobs.map((j) => `${MARK[j.result]} ${j.id} (${j.name}): ${j.result}`);
  return `${lines.join("\n")}\nact exit code ${r.exitCode}; log: ${r.logFile}\n`;
}
