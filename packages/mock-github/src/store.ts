import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createBlobFiles } from "./blobs.ts";
import { artifactDto, type MockState, runDto } from "./dto.ts";
import type { PersistedState, RunRecord } from "./state.ts";
import { createArtifacts } from "./store/artifacts.ts";
import { createBlobUrls } from "./store/blob-urls.ts";
import { createClock } from "./store/clock.ts";
import { createFaultQueue } from "./store/faults.ts";
import { acquireStateDir } from "./store/ownership.ts";
import { freshState, loadState, type StateContext, saveState } from "./store/persistence.ts";
import { createRuns, type RegisterRunInput } from "./store/runs.ts";
import { createTokenAuth } from "./store/tokens.ts";

export type { ArtifactFilter, ArtifactUploadView, ArtifactView, StoredBlob } from "./store/artifacts.ts";
export { BLOB_ACCOUNT, BLOB_CONTAINER, isZipType } from "./store/blob-urls.ts";
export type { FaultKind } from "./store/faults.ts";
export type { RegisterRunInput, RunFilter } from "./store/runs.ts";

export type MockStore = ReturnType<typeof createStore>;

/**
 * The simulated GitHub: runs, artifacts and their blobs. In memory (blobs in a temporary
 * directory) or persisted to `stateDir`, which then belongs to this process alone until close().
 * Each job lives in its own module under store/; this composes them over one state.
 */
export function createStore(opts: { stateDir?: string; now?: Date } = {}) {
  const stateDir = opts.stateDir ? path.resolve(opts.stateDir) : undefined;
  const root = stateDir ?? mkdtempSync(path.join(os.tmpdir(), "mock-github-"));
  mkdirSync(root, { recursive: true });
  const owner = stateDir ? acquireStateDir(stateDir) : undefined;
  const stateFile = path.join(root, "state.json");
  let state: PersistedState;
  try {
    state = stateDir ? loadState(stateFile) : freshState();
  } catch (error) {
    owner?.release();
    throw error;
  }
  if (opts.now) state.fixedNow = opts.now.toISOString();
  const ctx: StateContext = {
    state,
    save: () => {
      if (stateDir) saveState(stateFile, state);
    },
  };
  const clock = createClock(ctx);
  const runs = createRuns(ctx, clock);
  const tokens = createTokenAuth(ctx, clock);
  const artifacts = createArtifacts(ctx, clock, runs, createBlobFiles(path.join(root, "blobs")));
  const faults = createFaultQueue();
  const blobUrls = createBlobUrls(ctx, clock);

  return {
    stateDir,
    now: clock.now,
    setNow: clock.setNow,

    async registerRun(input: RegisterRunInput): Promise<{ run: RunRecord; runtimeToken: string }> {
      const run = runs.registerRun(input);
      return { run, runtimeToken: await tokens.issue(run) };
    },
    completeRun: runs.completeRun,
    getRun: runs.getRun,
    listRuns: runs.listRuns,
    registerWorkflows: runs.registerWorkflows,
    listWorkflows: runs.listWorkflows,
    findWorkflow: runs.findWorkflow,

    authenticateRuntimeToken: tokens.authenticateRuntimeToken,

    createArtifact: artifacts.createArtifact,
    stageBlock: artifacts.stageBlock,
    commitBlocks: artifacts.commitBlocks,
    putBlob: artifacts.putBlob,
    finalizeArtifact: artifacts.finalizeArtifact,
    addArtifact: artifacts.addArtifact,
    listArtifacts: artifacts.listArtifacts,
    getArtifact: artifacts.getArtifact,
    describeUpload: artifacts.describeUpload,
    runOf: artifacts.runOf,
    readBlob: artifacts.readBlob,
    deleteArtifact: artifacts.deleteArtifact,
    expireArtifact: artifacts.expireArtifact,

    signedBlobUrl: blobUrls.signedBlobUrl,
    verifyBlobUrl: blobUrls.verifyBlobUrl,

    addFaults: faults.addFaults,
    listFaults: faults.listFaults,
    clearFaults: faults.clearFaults,
    takeFault: faults.takeFault,

    /** The documented view of everything (what GET /_mock/state answers). */
    snapshot(): MockState {
      return {
        runs: state.runs.map(runDto),
        artifacts: state.artifacts.map((a) => artifactDto(a, artifacts.isExpired(a))),
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
      ctx.save();
      owner?.release();
      if (!stateDir) rmSync(root, { recursive: true, force: true });
    },
  };
}
