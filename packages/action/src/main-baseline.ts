import {
  ArtifactClientError,
  AuthenticationFailed,
  createGitHubClient,
  downloadArtifact,
  findLatestArtifact,
  WorkflowNotFound,
} from "@perfgate/artifact-client";
import { ActionError } from "./errors.ts";

export type MainBaseline =
  | { found: true; runId: number; artifactId: number; files: string[] }
  | { found: false; reason: string };

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

/**
 * Main's newest baseline, as dawidd6/action-download-artifact@v3 finds it by default: the newest
 * successful run of this workflow on the main branch, and the artifact of that run only (an older
 * run's baseline would silently compare a PR with stale numbers). Nothing there is not an error:
 * the caller falls back to a temporary baseline. A bad token or workflow is an error.
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
    });
    if (!found.found) return { found: false, reason: found.message };
    o.log(
      `Found artifact #${found.artifact.id} of run #${found.run.id} (${found.run.head_sha.slice(0, 12)}, ${found.run.created_at})`,
    );
    const res = await downloadArtifact({
      repo: o.repo,
      artifactId: found.artifact.id,
      token: o.token,
      apiUrl: o.apiUrl,
      dest: o.dest,
    });
    o.log(`Downloaded ${res.files.join(", ")} into ${o.dest}`);
    return { found: true, runId: found.run.id, artifactId: found.artifact.id, files: res.files };
  } catch (err) {
    // A token without `actions: read` or a misspelt workflow must not pass as "no baseline yet".
    if (err instanceof AuthenticationFailed || err instanceof WorkflowNotFound) {
      throw new ActionError(err.code, err.message, err.remedy, { cause: err });
    }
    // Expired between listing and download, a damaged or unsafe zip: no usable baseline.
    if (err instanceof ArtifactClientError) return { found: false, reason: `${err.message} (${err.remedy})` };
    throw err;
  }
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
  const octokit = createGitHubClient({ token: o.token, apiUrl: o.apiUrl, retry: { retries: 3, baseDelayMs: 1000 } });
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
