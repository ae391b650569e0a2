import {
  ArchiveTooLarge,
  ArtifactClientError,
  ArtifactExpired,
  ArtifactNotFound,
  AuthenticationFailed,
  CorruptArchive,
  createGitHubClient,
  downloadArtifact,
  findLatestArtifact,
  UnsafeArchive,
  WorkflowNotFound,
} from "@perfgate/artifact-client";
import { ActionError } from "./errors.ts";

/**
 * found: main's baseline, downloaded. none: GitHub answered, and main has no usable baseline (no
 * successful run, no artifact, an expired or damaged one). unavailable: GitHub could not be asked
 * (5xx, rate limit, no connection) after the retries: that says nothing about main's baseline.
 */
export type MainBaseline =
  | { kind: "found"; runId: number; artifactId: number; files: string[] }
  | { kind: "none"; reason: string }
  | { kind: "unavailable"; reason: string };

export interface MainBaselineOptions {
  repo: string;
  /** Workflow file name or id; "" = the workflow of `runId`. */
  workflow: string;
  runId: string;
  branch: string;
  name: string;
  token: string;
  apiUrl: string;
  /** Directory the artifact is extracted into (the baseline file's directory). */
  dest: string;
  log: (line: string) => void;
}

/** Each request: the first try and 3 retries, 1 s, 4 s and 9 s apart; a rate limit may ask for up to 60 s. */
export const RETRY = { retries: 3, baseDelayMs: 1000, maxWaitMs: 60_000 };

/** What the artifact itself was (gone, expired, damaged): GitHub answered, there is no usable baseline. */
const NO_BASELINE = [ArtifactNotFound, ArtifactExpired, UnsafeArchive, ArchiveTooLarge, CorruptArchive];

/**
 * Main's newest baseline, as dawidd6/action-download-artifact@v3 finds it by default: the newest
 * successful run of this workflow on the main branch, and the artifact of that run only (an older
 * run's baseline would silently compare a PR with stale numbers). A bad token or workflow is an
 * error; a failure to reach GitHub is "unavailable", never "none".
 */
export async function downloadMainBaseline(o: MainBaselineOptions): Promise<MainBaseline> {
  try {
    const workflow = o.workflow || (await workflowOfRun(o));
    o.log(`Looking for the newest successful run of ${workflow} on ${o.branch} with artifact '${o.name}'`);
    const found = await findLatestArtifact({
      repo: o.repo,
      workflow,
      branch: o.branch,
      name: o.name,
      conclusion: "success",
      searchArtifacts: false,
      token: o.token,
      apiUrl: o.apiUrl,
      retry: RETRY,
      onProgress: o.log,
    });
    if (!found.found) return { kind: "none", reason: found.message };
    o.log(
      `Found artifact #${found.artifact.id} of run #${found.run.id} (${found.run.head_sha.slice(0, 12)}, ${found.run.created_at})`,
    );
    const res = await downloadArtifact({
      repo: o.repo,
      artifactId: found.artifact.id,
      token: o.token,
      apiUrl: o.apiUrl,
      dest: o.dest,
      retry: RETRY,
      onProgress: o.log,
    });
    o.log(`Downloaded ${res.files.join(", ")} into ${o.dest}`);
    return { kind: "found", runId: found.run.id, artifactId: found.artifact.id, files: res.files };
  } catch (err) {
    // A token without `actions: read` or a misspelt workflow must not pass as "no baseline yet".
    if (err instanceof AuthenticationFailed || err instanceof WorkflowNotFound) {
      throw new ActionError(err.code, err.message, err.remedy, { cause: err });
    }
    if (NO_BASELINE.some((type) => err instanceof type)) {
      const e = err as ArtifactClientError;
      return { kind: "none", reason: `${e.message} (${e.remedy})` };
    }
    if (err instanceof ArtifactClientError) return { kind: "unavailable", reason: err.message };
    if (err instanceof ActionError) throw err;
    return { kind: "unavailable", reason: requestFailure(err, o) };
  }
}

/** An Octokit failure of the run lookup (workflowOfRun), said as GitHub said it; 401/403 is an error. */
function requestFailure(err: unknown, o: MainBaselineOptions): string {
  const e = err as { status?: unknown; response?: { data?: { message?: unknown } }; message?: unknown };
  const what = `Reading run ${o.runId} of ${o.repo}`;
  if (typeof e.status === "number" && e.response) {
    const said = typeof e.response.data?.message === "string" ? ` (${e.response.data.message})` : "";
    if (e.status === 401 || e.status === 403) {
      throw new ActionError(
        "AUTHENTICATION_FAILED",
        `${what}: GitHub answered ${e.status}${said}`,
        "give the job `permissions: actions: read` and leave `github-token` at its default",
      );
    }
    return `${what}: GitHub answered ${e.status}${said}`;
  }
  const cause = (err as { cause?: { code?: unknown; message?: unknown } }).cause;
  const detail = cause?.code ?? cause?.message ?? e.message ?? String(err);
  return `${what}: the request to ${o.apiUrl} did not complete (${String(detail)})`;
}

/** The workflow this run belongs to: from GITHUB_WORKFLOW_REF, else from GitHub's record of the run. */
async function workflowOfRun(o: MainBaselineOptions): Promise<string> {
  const file = workflowFile(process.env["GITHUB_WORKFLOW_REF"]); // owner/repo/.github/workflows/ci.yml@refs/heads/x
  if (file) return file;
  if (!o.runId) {
    throw new ActionError(
      "NO_WORKFLOW",
      "cannot tell which workflow's runs hold the baseline: GITHUB_RUN_ID and GITHUB_WORKFLOW_REF are unset",
      "set the action's `workflow:` input to the workflow file that uploads the baseline on main",
    );
  }
  const octokit = createGitHubClient({ token: o.token, apiUrl: o.apiUrl, retry: RETRY, onProgress: o.log });
  const [owner, repo] = o.repo.split("/") as [string, string];
  const run = await octokit.rest.actions.getWorkflowRun({ owner, repo, run_id: Number(o.runId) });
  // A dynamic workflow has no file, so its numeric id serves.
  return workflowFile(run.data.path) ?? String(run.data.workflow_id);
}

/**
 * The file name in a workflow's path or ref: ".github/workflows/ci.yml", with "owner/repo/" before
 * and "@ref" after in a ref or some run records. Messages name it as the reader knows it, and
 * GitHub takes it as the workflow id.
 */
function workflowFile(pathOrRef: string | undefined): string | undefined {
  return /([^/@]+\.ya?ml)(?:@|$)/.exec(pathOrRef ?? "")?.[1];
}
