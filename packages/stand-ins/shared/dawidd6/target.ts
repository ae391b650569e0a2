import * as core from "@actions/core";
import * as github from "@actions/github";
import type { RepositoryApi, ServerRunFilter } from "./github.ts";
import type { Dawidd6Inputs } from "./inputs.ts";

/** Where to look: a run id given as input, or the filters of a search. */
export interface RunTarget {
  /** the id input; empty: search */
  runId: string;
  /** known after this unless `workflow_search` left it to the run found */
  workflow: string | number;
  server: ServerRunFilter;
}

/**
 * Turns the inputs into what to ask GitHub, logging each `==>` line as the real action does
 * (the order and the lines are the log users read): the workflow is inferred from the run
 * (the given one, or the current one) unless `workflow_search`; `pr` becomes the pull request's
 * head commit; `ref` a branch if one has that name, else a commit. At most one of pr, commit,
 * branch, ref and run_id may be given.
 */
export async function resolveTarget(inputs: Dawidd6Inputs, api: RepositoryApi): Promise<RunTarget> {
  const { run } = inputs;
  core.info(`==> Repository: ${inputs.owner}/${inputs.repo}`);
  core.info(`==> Artifact name: ${inputs.artifacts.name}`);
  core.info(`==> Local path: ${inputs.path}`);

  let workflow: string | number = run.workflow;
  if (!workflow && !run.search) workflow = await api.workflowOfRun(Number(run.runId || github.context.runId));
  if (workflow) core.info(`==> Workflow name: ${workflow}`);
  core.info(`==> Workflow conclusion: ${run.conclusion}`);

  const exclusive = Object.entries({
    pr: run.pr,
    commit: run.commit,
    branch: run.branch,
    ref: run.ref,
    run_id: run.runId,
  }).filter((entry): entry is [string, string] => entry[1] !== undefined);
  if (exclusive.filter(([, value]) => value !== "").length > 1) {
    throw new Error(`The following inputs cannot be used together: ${exclusive.map(([key]) => key).join(", ")}`);
  }

  let { commit, branch } = run;
  if (run.pr) {
    core.info(`==> PR: ${run.pr}`);
    commit = await api.headShaOfPull(run.pr);
  }
  if (run.ref) {
    core.info(`==> Ref: ${run.ref}`);
    if (await api.hasBranch(run.ref)) branch = run.ref;
    else commit = run.ref;
  }
  if (commit) core.info(`==> Commit: ${commit}`);
  if (branch) {
    branch = branch.replace(/^refs\/heads\//, "");
    core.info(`==> Branch: ${branch}`);
  }
  if (run.event) core.info(`==> Event: ${run.event}`);
  if (run.runNumber) core.info(`==> Run number: ${run.runNumber}`);
  core.info(`==> Allow forks: ${run.allowForks}`);

  return { runId: run.runId, workflow, server: { workflow, branch, event: run.event, headSha: commit } };
}
