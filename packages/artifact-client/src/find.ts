import { WorkflowNotFound } from "./errors.ts";
import { createGitHubClient, type GitHubClient, splitRepo, toTypedError } from "./github.ts";
import { type FindOptions, findOptionsSchema, parseOptions } from "./options.ts";

export type WorkflowRun = Awaited<ReturnType<GitHubClient["rest"]["actions"]["getWorkflowRun"]>>["data"];
export type Artifact = Awaited<ReturnType<GitHubClient["rest"]["actions"]["getArtifact"]>>["data"];

export type NotFoundReason = "no-runs" | "no-artifact" | "expired";
export type FindResult =
  | { found: true; run: WorkflowRun; artifact: Artifact }
  | { found: false; reason: NotFoundReason; message: string };

/**
 * The newest artifact `name` of a workflow's runs, as dawidd6/action-download-artifact@v3 finds
 * it with search_artifacts: runs of the workflow (on `branch`, for `event`) newest first across
 * pages; runs whose conclusion (or status) differs, runs from forks and runs without a live
 * artifact of that name are skipped. Expired artifacts count as absent.
 */
export async function findLatestArtifact(options: FindOptions): Promise<FindResult> {
  const opts = parseOptions(findOptionsSchema, options, "findLatestArtifact");
  const octokit = createGitHubClient(opts);
  const { owner, repo } = splitRepo(opts.repo);
  // GitHub takes a file name (not a path) or the id.
  const workflowId = opts.workflow.replace(/^.*\//, "");
  const where = describe(opts);

  let matchingRuns = 0;
  let expiredSeen = 0;
  const runs = octokit.paginate.iterator(octokit.rest.actions.listWorkflowRuns, {
    owner,
    repo,
    workflow_id: workflowId,
    per_page: opts.perPage,
    ...(opts.branch ? { branch: opts.branch } : {}),
    ...(opts.event ? { event: opts.event } : {}),
  });
  try {
    for await (const page of runs) {
      for (const run of page.data) {
        if (opts.conclusion && run.conclusion !== opts.conclusion && run.status !== opts.conclusion) continue;
        // dawidd6's allow_forks defaults to false: a fork's run could carry a forged baseline.
        if (run.head_repository?.full_name && run.head_repository.full_name !== opts.repo) continue;
        matchingRuns++;
        const artifacts = await octokit.paginate(octokit.rest.actions.listWorkflowRunArtifacts, {
          owner,
          repo,
          run_id: run.id,
          name: opts.name,
          per_page: 100,
        });
        const named = artifacts.filter((a) => a.name === opts.name);
        const live = named.find((a) => !a.expired);
        if (live) return { found: true, run: run as WorkflowRun, artifact: live as Artifact };
        if (named.length > 0) expiredSeen++;
        if (!opts.searchArtifacts) break;
      }
      if (!opts.searchArtifacts && matchingRuns > 0) break;
    }
  } catch (err) {
    if ((err as { status?: number }).status === 404) {
      throw new WorkflowNotFound(`Workflow '${opts.workflow}' was not found in ${opts.repo} (GitHub answered 404).`);
    }
    throw toTypedError(err, `Listing runs of workflow '${opts.workflow}' in ${opts.repo}`);
  }

  if (matchingRuns === 0) {
    return { found: false, reason: "no-runs", message: `No ${where} was found.` };
  }
  if (expiredSeen > 0) {
    return {
      found: false,
      reason: "expired",
      message: `Artifact '${opts.name}' exists only in expired form: ${expiredSeen} of ${matchingRuns} ${plural(matchingRuns, "run")} (${where}) had it, all expired.`,
    };
  }
  return {
    found: false,
    reason: "no-artifact",
    message: `None of the ${matchingRuns} ${plural(matchingRuns, "run")} (${where}) has an artifact named '${opts.name}'.`,
  };
}

function describe(opts: {
  repo: string;
  workflow: string;
  branch?: string;
  event?: string;
  conclusion: string;
}): string {
  const parts = [`run of workflow '${opts.workflow}' in ${opts.repo}`];
  if (opts.branch) parts.push(`on branch ${opts.branch}`);
  if (opts.event) parts.push(`for event ${opts.event}`);
  parts.push(opts.conclusion ? `with conclusion/status ${opts.conclusion}` : "of any conclusion");
  return parts.join(" ");
}

const plural = (n: number, word: string) => (n === 1 ? word : `${word}s`);
