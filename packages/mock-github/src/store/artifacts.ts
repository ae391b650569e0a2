import { randomUUID } from "node:crypto";
import { Readable, type Writable } from "node:stream";
import type { BlobFiles } from "../blobs.ts";
import { StoreRequestError } from "../errors.ts";
import type { ArtifactRecord, RunRecord } from "../state.ts";
import type { Clock } from "./clock.ts";
import type { StateContext } from "./persistence.ts";
import type { createRuns } from "./runs.ts";

export type ArtifactFilter = { repo?: string; runId?: number; name?: string; id?: number; includeExpired?: boolean };
export type ArtifactView = ArtifactRecord & { expired: boolean };
/** What GET /_mock/artifacts/:id/upload answers: how a finalized artifact's upload came in. */
export type ArtifactUploadView = {
  id: number;
  name: string;
  /** CreateArtifact's `version` (null when left out or 0) and `mime_type` (null when not sent). */
  createArtifact: { version: number | null; mimeType: string | null };
  /** The type the blob is served with (the blob's x-ms-blob-content-type, else CreateArtifact's). */
  mimeType: string | null;
  size: number;
  /** The committed block list's ids, Base64, in order; null when the blob came in one Put Blob. */
  blocks: string[] | null;
};
/** A finalized artifact's blob, for blob storage's GET. */
export type StoredBlob = {
  artifact: ArtifactView;
  size: number;
  open(): Readable;
  copyTo(sink: Writable): Promise<void>;
};

const DEFAULT_RETENTION_DAYS = 90;
const DAY = 24 * 3600 * 1000;
const PENDING_STALE_MS = 10 * 60_000;
const ARTIFACT_NAME_FORBIDDEN = /[":<>|*?\r\n\\/]/;

/**
 * An artifact's life: created pending (one live upload per name and run), its blob staged and
 * committed, finalized after its size and hash are checked, listed, expired, deleted.
 */
export function createArtifacts(
  ctx: StateContext,
  clock: Clock,
  runs: ReturnType<typeof createRuns>,
  blobs: BlobFiles,
) {
  const { now, iso } = clock;
  const isExpired = (a: ArtifactRecord) => a.expiredByControl || Date.parse(a.expiresAt) <= now().getTime();
  const view = (a: ArtifactRecord): ArtifactView => ({ ...a, expired: isExpired(a) });

  const requireArtifact = (id: number): ArtifactRecord => {
    const a = ctx.state.artifacts.find((x) => x.id === id && x.state === "finalized");
    if (!a) throw new StoreRequestError(404, "not_found", `No artifact with id ${id}.`);
    return a;
  };
  const runArtifact = (run: RunRecord, name: string, state: ArtifactRecord["state"]) =>
    ctx.state.artifacts.find((a) => a.runId === run.id && a.name === name && a.state === state);
  const requirePendingUpload = (uploadId: string): ArtifactRecord => {
    const artifact = ctx.state.artifacts.find((a) => a.uploadId === uploadId && a.state === "pending");
    if (!artifact)
      throw new StoreRequestError(
        404,
        "not_found",
        "No upload in progress for this blob.",
        "Upload to the signed URL of a CreateArtifact that has not been finalized yet; ask CreateArtifact for a new one.",
      );
    return artifact;
  };

  // When each pending upload last did something (real time, this process only): a pending
  // upload quiet for longer than PENDING_STALE_MS, or from before a restart, was abandoned.
  const uploadActivity = new Map<string, number>();
  const touchUpload = (uploadId: string) => uploadActivity.set(uploadId, Date.now());
  const isUploadLive = (uploadId: string) => Date.now() - (uploadActivity.get(uploadId) ?? 0) < PENDING_STALE_MS;

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
    ctx.save();
  }

  const api = {
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
      version?: number,
    ): Promise<ArtifactRecord> {
      if (!name.trim() || ARTIFACT_NAME_FORBIDDEN.test(name)) {
        throw new StoreRequestError(
          400,
          "invalid_argument",
          `Artifact name '${name}' is not valid: it is empty or holds one of " : < > | * ? \\ / or a line break.`,
          "Name the artifact without those characters (as actions/upload-artifact requires), e.g. performance-baseline.",
        );
      }
      const expires = expiresAt ? new Date(expiresAt) : new Date(now().getTime() + DEFAULT_RETENTION_DAYS * DAY);
      if (Number.isNaN(expires.getTime()))
        throw new StoreRequestError(
          400,
          "invalid_argument",
          "expires_at is not a time.",
          "Send expires_at as an RFC 3339 time (2026-01-31T00:00:00Z), or leave it out for the default retention.",
        );
      if (runArtifact(run, name, "finalized")) {
        throw new StoreRequestError(
          409,
          "already_exists",
          `an artifact with this name already exists on the workflow run: ${name}`,
          "Delete the artifact first (upload-artifact's `overwrite: true`) or pick another name.",
        );
      }
      const pending = runArtifact(run, name, "pending");
      if (pending && isUploadLive(pending.uploadId)) {
        throw new StoreRequestError(
          409,
          "already_exists",
          `an upload of artifact '${name}' is already in progress on the workflow run`,
          "Upload each artifact name once per run, or wait for the other upload to finish and pass `overwrite: true`.",
        );
      }
      // An earlier attempt that never finalized and went quiet: replaced, as a retry expects.
      if (pending) ctx.state.artifacts = ctx.state.artifacts.filter((x) => x !== pending);
      const artifact: ArtifactRecord = {
        id: ctx.state.nextArtifactId++,
        runId: run.id,
        name,
        state: "pending",
        uploadId: randomUUID(),
        sizeInBytes: 0,
        digest: null,
        blobSize: null,
        blobSha256: null,
        mimeType: mimeType ?? null,
        created: { version: version || null, mimeType: mimeType ?? null },
        createdAt: iso(),
        updatedAt: iso(),
        expiresAt: expires.toISOString(),
        expiredByControl: false,
      };
      ctx.state.artifacts.push(artifact);
      touchUpload(artifact.uploadId);
      ctx.save();
      if (pending) {
        uploadActivity.delete(pending.uploadId);
        await blobs.remove(pending.uploadId);
      }
      return artifact;
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

    /**
     * Completes the run's one pending upload of `name` after checking the claimed size and hash
     * against the bytes that upload committed.
     */
    finalizeArtifact(run: RunRecord, name: string, size: number, hash: string | undefined): ArtifactRecord {
      const artifact = runArtifact(run, name, "pending");
      if (!artifact)
        throw new StoreRequestError(
          404,
          "not_found",
          `No upload in progress for artifact '${name}'.`,
          "Call CreateArtifact for this name in this run first, then upload the blob, then finalize.",
        );
      if (artifact.blobSize === null || artifact.blobSha256 === null) {
        throw new StoreRequestError(
          412,
          "failed_precondition",
          `Artifact '${name}' has no committed blob yet.`,
          "Upload the blob to the signed URL CreateArtifact returned (and commit its block list) before FinalizeArtifact; only the upload that created it can finalize it.",
        );
      }
      if (size !== artifact.blobSize) {
        throw new StoreRequestError(
          400,
          "invalid_argument",
          `Finalize size ${size} does not match the ${artifact.blobSize} bytes uploaded for '${name}'.`,
          "Finalize with the size of the bytes actually uploaded, or upload the whole file again.",
        );
      }
      const digest = `sha256:${artifact.blobSha256}`;
      if (hash !== undefined && hash !== digest) {
        throw new StoreRequestError(
          400,
          "invalid_argument",
          `Finalize hash ${hash} does not match the uploaded bytes (${digest}).`,
          "Finalize with the sha256 of the bytes actually uploaded, or upload the file again: it changed on the way.",
        );
      }
      artifact.state = "finalized";
      uploadActivity.delete(artifact.uploadId);
      artifact.sizeInBytes = artifact.blobSize;
      artifact.digest = digest;
      artifact.updatedAt = iso();
      ctx.save();
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
      const run = runs.requireRun(input.runId);
      const artifact = await api.createArtifact(run, input.name, input.expiresAt?.toISOString());
      const body = input.content instanceof Uint8Array ? Readable.from([Buffer.from(input.content)]) : input.content;
      await api.putBlob(artifact.uploadId, body);
      api.finalizeArtifact(run, input.name, artifact.blobSize!, `sha256:${artifact.blobSha256}`);
      return view(artifact);
    },

    /** Finalized artifacts, newest first. */
    listArtifacts(filter: ArtifactFilter): ArtifactView[] {
      return ctx.state.artifacts
        .filter((a) => {
          if (a.state !== "finalized") return false;
          if (filter.runId !== undefined && a.runId !== filter.runId) return false;
          if (filter.repo !== undefined && runs.getRun(a.runId)?.repo !== filter.repo) return false;
          if (filter.name !== undefined && a.name !== filter.name) return false;
          if (filter.id !== undefined && a.id !== filter.id) return false;
          return filter.includeExpired !== false || !isExpired(a);
        })
        .sort((a, b) => b.id - a.id)
        .map(view);
    },

    getArtifact(id: number): ArtifactView | undefined {
      const a = ctx.state.artifacts.find((x) => x.id === id && x.state === "finalized");
      return a && view(a);
    },

    runOf: (artifact: ArtifactRecord): RunRecord => runs.requireRun(artifact.runId),

    /** The committed blob of a finalized artifact, named by its upload; undefined if there is none. */
    async readBlob(uploadId: string): Promise<StoredBlob | undefined> {
      const a = ctx.state.artifacts.find((x) => x.uploadId === uploadId && x.state === "finalized");
      const size = a ? await blobs.blobSize(uploadId) : undefined;
      if (!a || size === undefined) return undefined;
      return {
        artifact: view(a),
        size,
        open: () => blobs.openBlob(uploadId),
        copyTo: (sink) => blobs.copyBlobTo(uploadId, sink),
      };
    },

    /**
     * How a finalized artifact came in, for tests of a client's upload: what its CreateArtifact
     * carried and the committed blob's block ids (Base64, in commit order; null after one Put Blob).
     */
    async describeUpload(id: number): Promise<ArtifactUploadView> {
      const a = requireArtifact(id);
      const blocks = await blobs.committedBlocks(a.uploadId);
      return {
        id: a.id,
        name: a.name,
        createArtifact: { ...a.created },
        mimeType: a.mimeType,
        size: a.sizeInBytes,
        blocks: blocks ?? null,
      };
    },

    async deleteArtifact(id: number): Promise<void> {
      const a = requireArtifact(id);
      ctx.state.artifacts = ctx.state.artifacts.filter((x) => x !== a);
      ctx.save();
      await blobs.remove(a.uploadId);
    },

    expireArtifact(id: number): ArtifactView {
      const a = requireArtifact(id);
      a.expiredByControl = true;
      if (Date.parse(a.expiresAt) > now().getTime()) a.expiresAt = iso();
      a.updatedAt = iso();
      ctx.save();
      return view(a);
    },

    isExpired,
  };
  return api;
}
