import * as github from "@actions/github";

type Octokit = ReturnType<typeof github.getOctokit>;
export type WorkflowRun = Awaited<
  ReturnType<Octokit["rest"]["actions"]["listWorkflowRuns"]>
>["data"]["workflow_runs"][number];
export type RunArtifact = Awaited<
  ReturnType<Octokit["rest"]["actions"]["listWorkflowRunArtifacts"]>
>["data"]["artifacts"][number];

/** The run list's filters GitHub applies itself. */
export interface ServerRunFilter {
  /** file name or id; empty: the repository's runs of every workflow */
  workflow: string | number;
  branch: string;
  event: string;
  headSha: string;
}

/** The REST calls the action makes, for one repository. Errors are Octokit's, message and all. */
export interface RepositoryApi {
  /** The workflow id of a run. */
  workflowOfRun(runId: number): Promise<number>;
  headShaOfPull(pr: string): Promise<string>;
  /** Whether a branch of that name exists (any failure counts as no). */
  hasBranch(name: string): Promise<boolean>;
  /** Runs newest first, page after page as they are read (GitHub's default page size). */
  runs(filter: ServerRunFilter): AsyncIterable<WorkflowRun>;
  /** Every artifact of a run, all pages. */
  artifactsOfRun(runId: number): Promise<RunArtifact[]>;
  /** The artifact's zip, its redirect to blob storage followed. */
  zipOf(artifactId: number): Promise<Buffer>;
}

export function repositoryApi(token: string, owner: string, repo: string): RepositoryApi {
  const client = github.getOctokit(token);
  return {
    async workflowOfRun(runId) {
      return (await client.rest.actions.getWorkflowRun({ owner, repo, run_id: runId })).data.workflow_id;
    },
    async headShaOfPull(pr) {
      return (await client.rest.pulls.get({ owner, repo, pull_number: Number(pr) })).data.head.sha;
    },
    async hasBranch(name) {
      return client.rest.repos.getBranch({ owner, repo, branch: name }).then(
        () => true,
        () => false,
      );
    },
    async *runs(filter) {
      // Only the filters given go into the query, as the real action sends them.
      const params = {
        owner,
        repo,
        ...(filter.branch ? { branch: filter.branch } : {}),
        ...(filter.event ? { event: filter.event } : {}),
        ...(filter.headSha ? { head_sha: filter.headSha } : {}),
      };
      const pages = filter.workflow
        ? client.paginate.iterator(client.rest.actions.listWorkflowRuns, { ...params, workflow_id: filter.workflow })
        : client.paginate.iterator(client.rest.actions.listWorkflowRunsForRepo, params);
      for await (const page of pages) yield* page.data;
    },
    artifactsOfRun(runId) {
      return client.paginate(client.rest.actions.listWorkflowRunArtifacts, { owner, repo, run_id: runId });
    },
    async zipOf(artifactId) {
      const res = await client.rest.actions.downloadArtifact({
        owner,
        repo,
        artifact_id: artifactId,
        archive_format: "zip",
      });
      return Buffer.from(res.data as ArrayBuffer);
    },
  };
}
