import { randomBytes, randomUUID } from "node:crypto";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { createBlobFiles } from "./blobs.ts";
import { artifactDto, type MockState, runDto } from "./dto.ts";
import { CorruptStateError, StoreRequestError } from "./errors.ts";
import { acquireStateDir } from "./owner-lock.ts";
import {
  type ArtifactRecord,
  type Conclusion,
  type PersistedState,
  persistedStateSchema,
  type RunRecord,
  type WorkflowRecord,
} from "./state.ts";
import {
  type BlobPermission,
  issueRuntimeToken,
  signBlobPath,
  verifyBlobSignature,
  verifyRuntimeToken,
} from "./signing.ts";

export type FaultKind = "500" | "429" | "reset";
export type RunFilter = {
  repo: string;
  workflowId?: number;
  branch?: string;
  event?: string;
  headSha?: string;
  status?: string;
};
export type ArtifactFilter = { repo?: string; runId?: number; name?: string; id?: number; includeExpired?: boolean };
export type RegisterRunInput = {
  repo: string;
  workflow: string;
  branch: string;
  event: string;
  sha: string;
  pullNumber?: number | null;
};
export type ArtifactView = ArtifactRecord & { expired: boolean };

/** Path of blobs under the mock's origin: `/<account>/<container>/<blob>` as Azure's path-style URLs. */
export const BLOB_ACCOUNT = "mockstorage";
export const BLOB_CONTAINER = "actions-results";
const DEFAULT_RETENTION_DAYS = 90;
const DAY = 24 * 3600 * 1000;
const PENDING_STALE_MS = 10 * 60_000;
const ARTIFACT_NAME_FORBIDDEN = /[":<>|*?\r\n\\/]/;

export type MockStore = ReturnType<typeof createStore>;

/** A content type that means a zip archive (null: the artifact predates mime_type, so a zip). */
export function isZipType(mimeType: string | null): boolean {
  return mimeType === null || /^(application\/(x-)?zip(-compressed)?|zip)$/i.test(mimeType.split(";")[0]!.trim());
}

/**
 * The simulated GitHub: runs, artifacts and their blobs. In memory (blobs in a temporary
 * directory) or persisted to `stateDir`, which then belongs to this process alone until close().
 */
export function createStore(opts: { stateDir?: string; now?: Date } = {}) {
  const stateDir = opts.stateDir ? path.resolve(opts.stateDir) : undefined;
  const root = stateDir ?? mkdtempSync(path.join(os.tmpdir(), "mock-github-"));
  mkdirSync(root, { recursive: true });
  const owner = stateDir ? acquireStateDir(stateDir) : undefined;
  const stateFile = path.join(root, "state.json");
  const blobs = createBlobFiles(path.join(root, "blobs"));
  let state: PersistedState;
  try {
    state = stateDir ? loadState(stateFile) : freshState();
  } catch (error) {
    owner?.release();
    throw error;
  }
  if (opts.now) state.fixedNow = opts.now.toISOString();
  const faults: { kind: FaultKind; remaining: number }[] = [];

  function save(): void {
    if (!stateDir) return;
    const tmp = `${stateFile}.tmp-${process.pid}`;
    // 600: the file holds the secret that signs runtime tokens and blob URLs.
    writeFileSync(tmp, JSON.stringify(state, null, 1), { mode: 0o600 });
    chmodSync(tmp, 0o600); // a leftover tmp from a crash keeps its old mode through writeFileSync
    renameSync(tmp, stateFile); // atomic: readers never see half a file
  }

  const now = (): Date => (state.fixedNow ? new Date(state.fixedNow) : new Date());
  const iso = () => now().toISOString();
  const isExpired = (a: ArtifactRecord) => a.expiredByControl || Date.parse(a.expiresAt) <= now().getTime();
  const view = (a: ArtifactRecord): ArtifactView => ({ ...a, expired: isExpired(a) });

  function workflowFor(repo: string, file: string, name?: string): WorkflowRecord {
    let wf = state.workflows.find((w) => w.repo === repo && w.file === file);
    if (!wf) {
      wf = { id: state.nextWorkflowId++, repo, file, createdAt: iso(), lastRunNumber: 0 };
      state.workflows.push(wf);
    }
    if (name) wf.name = name;
    return wf;
  }

  function requireRun(id: number): RunRecord {
    const run = state.runs.find((r) => r.id === id);
    if (!run) throw new StoreRequestError(404, "not_found", `No workflow run with id ${id}.`);
    return run;
  }

  function requireArtifact(id: number): ArtifactRecord {
    const a = state.artifacts.find((x) => x.id === id && x.state === "finalized");
    if (!a) throw new StoreRequestError(404, "not_found", `No artifact with id ${id}.`);
    return a;
  }

  function runArtifact(run: RunRecord, name: string, states: ArtifactRecord["state"][]): ArtifactRecord | undefined {
    return state.artifacts.find((a) => a.runId === run.id && a.name === name && states.includes(a.state));
  }

  function pendingUpload(uploadId: string): ArtifactRecord | undefined {
    return state.artifacts.find((a) => a.uploadId === uploadId && a.state === "pending");
  }

  // When each pending upload last did something (real time, this process only): a pending
  // upload quiet for longer than PENDING_STALE_MS, or from before a restart, was abandoned.
  const uploadActivity = new Map<string, number>();
  const touchUpload = (uploadId: string) => uploadActivity.set(uploadId, Date.now());
  const isUploadLive = (uploadId: string) => Date.now() - (uploadActivity.get(uploadId) ?? 0) < PENDING_STALE_MS;

  function requirePendingUpload(uploadId: string): ArtifactRecord {
    const artifact = pendingUpload(uploadId);
    if (!artifact) throw new StoreRequestError(404, "not_found", "No upload in progress for this blob.");
    return artifact;
  }

  /** Commits a blob (a block list or a single Put Blob) and records its size, hash and type. */
  async function storeBlob(
    uploadId: string,
    contentType: string | undefined,
    write: () => Promise<{ size: number; sha256: string }>,
  ): Promise<void> {
    requirePendingUpload(uploadId);
    touchUpload(uploadId);
    const { size, sha256 } = await write();
    const artifact = requirePendingUpload(uploadId); // it may have been replaced meanwhile
    artifact.blobSize = size;
    artifact.blobSha256 = sha256;
    if (contentType) artifact.mimeType = contentType;
    touchUpload(uploadId);
    save();
  }

  async function dropArtifact(a: ArtifactRecord): Promise<void> {
    state.artifacts = state.artifacts.filter((x) => x !== a);
    save();
    await blobs.remove(a.uploadId);
  }

  const api = {
    stateDir,
    blobs,
    now,
    /** Freezes the clock (tests, stale/expired scenarios); null returns to real time. */
    setNow(value: Date | string | null): void {
      state.fixedNow = value === null ? null : new Date(value).toISOString();
      save();
    },

    async registerRun(input: RegisterRunInput): Promise<{ run: RunRecord; runtimeToken: string }> {
      const workflow = path.posix.basename(input.workflow);
      const wf = workflowFor(input.repo, workflow);
      wf.lastRunNumber += 1;
      const run: RunRecord = {
        id: state.nextRunId++,
        repo: input.repo,
        workflow,
        workflowId: wf.id,
        runNumber: wf.lastRunNumber,
        branch: input.branch,
        sha: input.sha,
        event: input.event,
        pullNumber: input.pullNumber ?? null,
        status: "in_progress",
        conclusion: null,
        createdAt: iso(),
        updatedAt: iso(),
        backendId: randomUUID(),
        jobBackendId: randomUUID(),
      };
      state.runs.push(run);
      save();
      return { run, runtimeToken: await issueRuntimeToken(state.secret, run, now()) };
    },

    completeRun(id: number, conclusion: Conclusion): RunRecord {
      const run = requireRun(id);
      run.status = "completed";
      run.conclusion = conclusion;
      run.updatedAt = iso();
      save();
      return run;
    },

    getRun: (id: number): RunRecord | undefined => state.runs.find((r) => r.id === id),

    findWorkflow(repo: string, idOrFile: string): WorkflowRecord | undefined {
      return state.workflows.find(
        (w) => w.repo === repo && (String(w.id) === idOrFile || w.file === path.posix.basename(idOrFile)),
      );
    },

    /** Runs newest first. `status` matches a status or a conclusion, as GitHub's filter does. */
    listRuns(filter: RunFilter): RunRecord[] {
      return state.runs
        .filter(
          (r) =>
            r.repo === filter.repo &&
            (filter.workflowId === undefined || r.workflowId === filter.workflowId) &&
            (filter.branch === undefined || r.branch === filter.branch) &&
            (filter.event === undefined || r.event === filter.event) &&
            (filter.headSha === undefined || r.sha === filter.headSha) &&
            (filter.status === undefined || r.status === filter.status || r.conclusion === filter.status),
        )
        .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || b.id - a.id);
    },

    /** Maps a runtime token to its run; anything else is a reason to refuse. */
    async authenticateRuntimeToken(
      token: string,
    ): Promise<{ ok: true; run: RunRecord } | { ok: false; reason: string }> {
      const verified = await verifyRuntimeToken(state.secret, token, now());
      if (!verified.ok) return verified;
      const run = state.runs.find((r) => r.backendId === verified.backendId);
      if (!run) return { ok: false, reason: "the token belongs to no registered run" };
      return { ok: true, run };
    },

    /**
     * The repository's workflow files, as GitHub knows them from `.github/workflows/`: a known
     * file with no runs lists zero runs, an unknown one is 404.
     */
    registerWorkflows(repo: string, workflows: { file: string; name?: string }[]): WorkflowRecord[] {
      const records = workflows.map((w) => workflowFor(repo, path.posix.basename(w.file), w.name));
      save();
      return records;
    },

    listWorkflows: (repo: string): WorkflowRecord[] => state.workflows.filter((w) => w.repo === repo),

    /**
     * Starts an upload. A finalized artifact of that name in the run, or a live upload of it,
     * makes this fail with 409, as on GitHub. The check and the insert are one synchronous step,
     * so parallel uploads of one name cannot interleave: one wins, the rest are refused and
     * leave nothing behind.
     */
    async createArtifact(
      run: RunRecord,
      name: string,
      expiresAt?: string,
      mimeType?: string | null,
    ): Promise<ArtifactRecord> {
      if (!name.trim() || ARTIFACT_NAME_FORBIDDEN.test(name)) {
        throw new StoreRequestError(400, "invalid_argument", `Artifact name '${name}' is not valid.`);
      }
      const expires = expiresAt ? new Date(expiresAt) : new Date(now().getTime() + DEFAULT_RETENTION_DAYS * DAY);
      if (Number.isNaN(expires.getTime()))
        throw new StoreRequestError(400, "invalid_argument", "expires_at is not a time.");
      if (runArtifact(run, name, ["finalized"])) {
        throw new StoreRequestError(
          409,
          "already_exists",
          `an artifact with this name already exists on the workflow run: ${name}`,
          "Delete the artifact first (upload-artifact's `overwrite: true`) or pick another name.",
        );
      }
      const pending = runArtifact(run, name, ["pending"]);
      if (pending && isUploadLive(pending.uploadId)) {
        throw new StoreRequestError(
          409,
          "already_exists",
          `an upload of artifact '${name}' is already in progress on the workflow run`,
          "Upload each artifact name once per run, or wait for the other upload to finish and pass `overwrite: true`.",
        );
      }
      // An earlier attempt that never finalized and went quiet: replaced, as a retry expects.
      if (pending) state.artifacts = state.artifacts.filter((x) => x !== pending);
      const artifact: ArtifactRecord = {
        id: state.nextArtifactId++,
        runId: run.id,
        name,
        state: "pending",
        uploadId: randomUUID(),
        sizeInBytes: 0,
        digest: null,
        blobSize: null,
        blobSha256: null,
        mimeType: mimeType ?? null,
        createdAt: iso(),
        updatedAt: iso(),
        expiresAt: expires.toISOString(),
        expiredByControl: false,
      };
      state.artifacts.push(artifact);
      touchUpload(artifact.uploadId);
      save();
      if (pending) {
        uploadActivity.delete(pending.uploadId);
        await blobs.remove(pending.uploadId);
      }
      return artifact;
    },

    pendingUpload,

    artifactByUpload(uploadId: string): ArtifactRecord | undefined {
      return state.artifacts.find((a) => a.uploadId === uploadId);
    },

    async stageBlock(uploadId: string, blockId: string, body: Readable): Promise<number> {
      requirePendingUpload(uploadId);
      touchUpload(uploadId);
      const size = await blobs.stageBlock(uploadId, blockId, body);
      touchUpload(uploadId);
      return size;
    },

    commitBlocks: (uploadId: string, blockIds: string[], contentType?: string) =>
      storeBlob(uploadId, contentType, () => blobs.commitBlockList(uploadId, blockIds)),

    putBlob: (uploadId: string, body: Readable, contentType?: string) =>
      storeBlob(uploadId, contentType, () => blobs.putBlob(uploadId, body)),

    /** Completes an upload after checking the claimed size and hash against the stored bytes. */
    finalizeArtifact(run: RunRecord, name: string, size: number, hash: string | undefined): ArtifactRecord {
      const artifact = runArtifact(run, name, ["pending"]);
      if (!artifact) throw new StoreRequestError(404, "not_found", `No upload in progress for artifact '${name}'.`);
      if (artifact.blobSize === null || artifact.blobSha256 === null) {
        throw new StoreRequestError(412, "failed_precondition", `Artifact '${name}' has no committed blob yet.`);
      }
      if (size !== artifact.blobSize) {
        throw new StoreRequestError(
          400,
          "invalid_argument",
          `Finalize size ${size} does not match the ${artifact.blobSize} bytes uploaded for '${name}'.`,
        );
      }
      const digest = `sha256:${artifact.blobSha256}`;
      if (hash !== undefined && hash !== digest) {
        throw new StoreRequestError(
          400,
          "invalid_argument",
          `Finalize hash ${hash} does not match the uploaded bytes (${digest}).`,
        );
      }
      artifact.state = "finalized";
      uploadActivity.delete(artifact.uploadId);
      artifact.sizeInBytes = artifact.blobSize;
      artifact.digest = digest;
      artifact.updatedAt = iso();
      save();
      return artifact;
    },

    /**
     * Seeds a finalized artifact with arbitrary bytes (tests: crafted zips), through the same
     * create/put/finalize path an upload takes.
     */
    async addArtifact(input: {
      runId: number;
      name: string;
      content: Uint8Array | Readable;
      expiresAt?: Date;
    }): Promise<ArtifactView> {
      const run = requireRun(input.runId);
      const artifact = await api.createArtifact(run, input.name, input.expiresAt?.toISOString());
      const body = input.content instanceof Uint8Array ? Readable.from([Buffer.from(input.content)]) : input.content;
      await api.putBlob(artifact.uploadId, body);
      api.finalizeArtifact(run, input.name, artifact.blobSize!, `sha256:${artifact.blobSha256}`);
      return view(artifact);
    },

    /** Finalized artifacts, newest first. */
    listArtifacts(filter: ArtifactFilter): ArtifactView[] {
      return state.artifacts
        .filter((a) => {
          if (a.state !== "finalized") return false;
          if (filter.runId !== undefined && a.runId !== filter.runId) return false;
          if (filter.repo !== undefined && state.runs.find((r) => r.id === a.runId)?.repo !== filter.repo) return false;
          if (filter.name !== undefined && a.name !== filter.name) return false;
          if (filter.id !== undefined && a.id !== filter.id) return false;
          return filter.includeExpired !== false || !isExpired(a);
        })
        .sort((a, b) => b.id - a.id)
        .map(view);
    },

    getArtifact(id: number): ArtifactView | undefined {
      const a = state.artifacts.find((x) => x.id === id && x.state === "finalized");
      return a && view(a);
    },

    runOf: (artifact: ArtifactRecord): RunRecord => requireRun(artifact.runId),

    async deleteArtifact(id: number): Promise<void> {
      await dropArtifact(requireArtifact(id));
    },

    expireArtifact(id: number): ArtifactView {
      const a = requireArtifact(id);
      a.expiredByControl = true;
      if (Date.parse(a.expiresAt) > now().getTime()) a.expiresAt = iso();
      a.updatedAt = iso();
      save();
      return view(a);
    },

    /**
     * A URL under `origin` that authorizes one blob operation until it expires. A zip's blob
     * name ends in `.zip`, which @actions/artifact 6.x reads as "unzip me"; an artifact uploaded
     * unzipped (mime_type other than zip) has a bare name.
     */
    signedBlobUrl(origin: string, artifact: ArtifactRecord, permission: BlobPermission, ttlMs = 3600_000): string {
      const blobPath = `/${BLOB_ACCOUNT}/${BLOB_CONTAINER}/${artifact.uploadId}${isZipType(artifact.mimeType) ? ".zip" : ""}`;
      return `${origin}${blobPath}?${signBlobPath(state.secret, blobPath, permission, new Date(now().getTime() + ttlMs))}`;
    },

    verifyBlobUrl(blobPath: string, params: URLSearchParams, need: BlobPermission) {
      return verifyBlobSignature(state.secret, blobPath, params, need, now());
    },

    addFaults(count: number, kind: FaultKind): void {
      faults.push({ kind, remaining: count });
    },

    /** The faults still queued, in the order they will strike. */
    listFaults: (): { kind: FaultKind; remaining: number }[] => faults.map((f) => ({ ...f })),

    /** Empties the fault queue (so one client's faults do not strike the next); returns how many were queued. */
    clearFaults(): number {
      const cleared = faults.reduce((n, f) => n + f.remaining, 0);
      faults.length = 0;
      return cleared;
    },

    /** The fault, if any, that the next non-control request must suffer. */
    takeFault(): FaultKind | undefined {
      const next = faults[0];
      if (!next) return undefined;
      next.remaining -= 1;
      if (next.remaining <= 0) faults.shift();
      return next.kind;
    },

    /** The documented view of everything (what GET /_mock/state answers). */
    snapshot(): MockState {
      return {
        runs: state.runs.map(runDto),
        artifacts: state.artifacts.map((a) => artifactDto(a, isExpired(a))),
        workflows: state.workflows.map((w) => ({
          id: w.id,
          repo: w.repo,
          file: w.file,
          path: `.github/workflows/${w.file}`,
          name: w.name ?? w.file.replace(/\.ya?ml$/, ""),
        })),
      };
    },

    /** Records where the owning server listens so other processes can reach it. */
    announce(url: string): void {
      owner?.setUrl(url);
    },

    close(): void {
      save();
      owner?.release();
      if (!stateDir) rmSync(root, { recursive: true, force: true });
    },
  };
  return api;
}

function freshState(): PersistedState {
  return {
    version: 1,
    secret: randomBytes(32).toString("hex"),
    nextRunId: 100000001,
    nextArtifactId: 200000001,
    nextWorkflowId: 300000001,
    fixedNow: null,
    runs: [],
    artifacts: [],
    workflows: [],
  };
}

function loadState(file: string): PersistedState {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return freshState();
    throw error;
  }
  chmodSync(file, 0o600); // written 644 by older versions
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CorruptStateError(file, `not JSON (${(error as Error).message})`);
  }
  const parsed = persistedStateSchema.safeParse(json);
  if (!parsed.success)
    throw new CorruptStateError(file, parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
  return parsed.data;
}
