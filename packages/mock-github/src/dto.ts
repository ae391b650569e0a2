import type { ArtifactRecord, RunRecord } from "./state.ts";

/**
 * What `GET /_mock/state` and `store.snapshot()` report: the simulated GitHub as a user sees it,
 * not the storage records (no backend ids, upload ids or blob hashes, which are the mock's own).
 */
export type RunDto = {
  id: number;
  repo: string;
  workflow: string; // file name, e.g. "ci.yml"
  workflowId: number;
  runNumber: number;
  branch: string;
  sha: string;
  event: string;
  pullNumber: number | null;
  /** Where the head commit is: a fork's `owner/name` for a fork's run, else `repo`. */
  headRepository: string;
  status: RunRecord["status"];
  conclusion: RunRecord["conclusion"];
  createdAt: string;
  updatedAt: string;
};

export type ArtifactDto = {
  id: number;
  runId: number;
  name: string;
  /** "pending" until FinalizeArtifact; GitHub's lists show only finalized ones. */
  state: ArtifactRecord["state"];
  sizeInBytes: number;
  digest: string | null; // "sha256:<hex>"
  mimeType: string | null; // null: a zip
  createdAt: string;
  updatedAt: string;
  expiresAt: string;
  expired: boolean;
};

export type WorkflowDto = { id: number; repo: string; file: string; path: string; name: string };

export type MockState = { runs: RunDto[]; artifacts: ArtifactDto[]; workflows: WorkflowDto[] };

export function runDto(r: RunRecord): RunDto {
  return {
    id: r.id,
    repo: r.repo,
    workflow: r.workflow,
    workflowId: r.workflowId,
    runNumber: r.runNumber,
    branch: r.branch,
    sha: r.sha,
    event: r.event,
    pullNumber: r.pullNumber,
    headRepository: r.headRepository ?? r.repo,
    status: r.status,
    conclusion: r.conclusion,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

export function artifactDto(a: ArtifactRecord, expired: boolean): ArtifactDto {
  return {
    id: a.id,
    runId: a.runId,
    name: a.name,
    state: a.state,
    sizeInBytes: a.sizeInBytes,
    digest: a.digest,
    mimeType: a.mimeType,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
    expiresAt: a.expiresAt,
    expired,
  };
}
