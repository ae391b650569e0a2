import { createHash } from "node:crypto";
import { HttpResponse } from "msw";
import type { ArtifactView } from "./store.ts";
import type { RunRecord, WorkflowRecord } from "./state.ts";

/** JSON shapes of GitHub's REST API, built from the store's records. */

const DOCS = "https://docs.github.com/rest";

export function githubError(
  status: number,
  message: string,
  documentationUrl = DOCS,
  headers?: Record<string, string>,
) {
  return HttpResponse.json(
    { message, documentation_url: documentationUrl, status: String(status) },
    { status, headers },
  );
}

/** GitHub's REST timestamps have whole seconds: 2025-01-01T12:00:00Z. */
export function githubTime(iso: string): string {
  return new Date(iso).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Stable numeric id for a repository name, so objects agree across restarts. */
export function repoId(repo: string): number {
  return Number.parseInt(createHash("sha256").update(repo).digest("hex").slice(0, 8), 16);
}

/** A repository as runs and pulls embed it; `fork` for a fork's head repository. */
export function repositoryJson(repo: string, apiBase: string, fork = false) {
  const [owner = "", name = ""] = repo.split("/");
  return {
    id: repoId(repo),
    node_id: Buffer.from(`Repository:${repo}`).toString("base64"),
    name,
    full_name: repo,
    private: false,
    fork,
    owner: { login: owner, id: repoId(owner), type: "User" },
    html_url: `https://github.com/${repo}`,
    url: `${apiBase}/repos/${repo}`,
  };
}

export function workflowJson(wf: WorkflowRecord, apiBase: string) {
  const created = githubTime(wf.createdAt ?? "2020-01-01T00:00:00Z");
  return {
    id: wf.id,
    node_id: Buffer.from(`Workflow:${wf.id}`).toString("base64"),
    name: wf.name ?? wf.file.replace(/\.ya?ml$/, ""),
    path: `.github/workflows/${wf.file}`,
    state: "active",
    created_at: created,
    updated_at: created,
    url: `${apiBase}/repos/${wf.repo}/actions/workflows/${wf.id}`,
    html_url: `https://github.com/${wf.repo}/blob/main/.github/workflows/${wf.file}`,
    badge_url: `https://github.com/${wf.repo}/workflows/${encodeURIComponent(wf.name ?? wf.file)}/badge.svg`,
  };
}

/** The repository a run's head commit is in: its fork for a fork's pull request, else its own. */
export function headRepositoryJson(run: RunRecord, apiBase: string) {
  return run.headRepository ? repositoryJson(run.headRepository, apiBase, true) : repositoryJson(run.repo, apiBase);
}

export function runJson(run: RunRecord, apiBase: string) {
  const runUrl = `${apiBase}/repos/${run.repo}/actions/runs/${run.id}`;
  return {
    id: run.id,
    name: run.workflow.replace(/\.ya?ml$/, ""),
    node_id: Buffer.from(`WorkflowRun:${run.id}`).toString("base64"),
    head_branch: run.branch,
    head_sha: run.sha,
    path: `.github/workflows/${run.workflow}`,
    display_title: `${run.event} on ${run.branch}`,
    run_number: run.runNumber,
    run_attempt: 1,
    event: run.event,
    status: run.status,
    conclusion: run.conclusion,
    workflow_id: run.workflowId,
    url: runUrl,
    html_url: `https://github.com/${run.repo}/actions/runs/${run.id}`,
    pull_requests: [],
    created_at: githubTime(run.createdAt),
    updated_at: githubTime(run.updatedAt),
    run_started_at: githubTime(run.createdAt),
    jobs_url: `${runUrl}/jobs`,
    logs_url: `${runUrl}/logs`,
    artifacts_url: `${runUrl}/artifacts`,
    workflow_url: `${apiBase}/repos/${run.repo}/actions/workflows/${run.workflowId}`,
    head_commit: { id: run.sha, tree_id: run.sha, message: "", timestamp: githubTime(run.createdAt) },
    // A fork's run is listed under the base repository; only its head is the fork's.
    repository: repositoryJson(run.repo, apiBase),
    head_repository: headRepositoryJson(run, apiBase),
    head_repository_id: repoId(run.headRepository ?? run.repo),
  };
}

export function artifactJson(artifact: ArtifactView, run: RunRecord, apiBase: string) {
  const url = `${apiBase}/repos/${run.repo}/actions/artifacts/${artifact.id}`;
  return {
    id: artifact.id,
    node_id: Buffer.from(`Artifact:${artifact.id}`).toString("base64"),
    name: artifact.name,
    size_in_bytes: artifact.sizeInBytes,
    url,
    archive_download_url: `${url}/zip`,
    expired: artifact.expired,
    digest: artifact.digest,
    created_at: githubTime(artifact.createdAt),
    updated_at: githubTime(artifact.updatedAt),
    expires_at: githubTime(artifact.expiresAt),
    workflow_run: {
      id: run.id,
      repository_id: repoId(run.repo),
      head_repository_id: repoId(run.headRepository ?? run.repo),
      head_branch: run.branch,
      head_sha: run.sha,
    },
  };
}

/** Slices a list the way GitHub pages it and builds the absolute Link header. */
export function paginate<T>(items: T[], requestUrl: URL): { page: T[]; link: string | undefined } {
  // GitHub never refuses paging parameters: a per_page or page that is not a positive integer
  // (0, -5, "abc") is served as if unsent (30 items, page 1), and per_page over 100 is cut to 100.
  const positive = (raw: string | null, fallback: number) => {
    const n = raw === null ? Number.NaN : Number(raw);
    return Number.isInteger(n) && n >= 1 ? n : fallback;
  };
  const perPage = positive(requestUrl.searchParams.get("per_page"), 30);
  const page = positive(requestUrl.searchParams.get("page"), 1);
  const size = Math.min(perPage, 100);
  const last = Math.max(1, Math.ceil(items.length / size));
  const at = (p: number) => {
    const u = new URL(requestUrl.href);
    u.searchParams.set("per_page", String(size));
    u.searchParams.set("page", String(p));
    return u.href;
  };
  const rels: string[] = [];
  if (page > 1) rels.push(`<${at(Math.min(page - 1, last))}>; rel="prev"`);
  if (page < last) rels.push(`<${at(page + 1)}>; rel="next"`, `<${at(last)}>; rel="last"`);
  if (page > 1) rels.push(`<${at(1)}>; rel="first"`);
  return { page: items.slice((page - 1) * size, page * size), link: rels.length ? rels.join(", ") : undefined };
}
