import { join } from "node:path";
import type { ArtifactInfo, DownloadClient } from "./client.ts";
import type { DownloadInputs, DownloadMajor } from "./inputs.ts";

/** Results are awaited this many at a time, as upstream does. */
const BATCH = 5;

/**
 * Where an artifact is extracted: `path` itself for an artifact asked for by name, with
 * `merge-multiple`, or (where the major does so) when only one was selected; else `path/<name>/`.
 */
export function destinationOf(
  inputs: DownloadInputs,
  major: DownloadMajor,
  artifact: ArtifactInfo,
  selected: number,
): string {
  const intoPath =
    inputs.selection.by === "name" || inputs.mergeMultiple || (major.loneArtifactIntoPath && selected === 1);
  return intoPath ? inputs.path : join(inputs.path, artifact.name);
}

export interface DownloadOutcome {
  name: string;
  digestMismatch: boolean;
}

/**
 * Downloads every selected artifact, each checked by the client against its listed digest,
 * and yields the outcomes a batch at a time. All downloads start at once and are awaited in
 * batches, in list order, as in the real action: what a batch reports is logged before the
 * next is awaited, and a failure fails the step while the others may still be writing files.
 */
export async function* downloadInBatches(
  client: DownloadClient,
  artifacts: readonly ArtifactInfo[],
  inputs: DownloadInputs,
  major: DownloadMajor,
): AsyncGenerator<DownloadOutcome[]> {
  const started = artifacts.map((artifact) => ({
    name: artifact.name,
    result: client.downloadArtifact(artifact.id, {
      ...(inputs.findBy ? { findBy: inputs.findBy } : {}),
      path: destinationOf(inputs, major, artifact, artifacts.length),
      expectedHash: artifact.digest,
      ...(inputs.skipDecompress === undefined ? {} : { skipDecompress: inputs.skipDecompress }),
    }),
  }));
  for (let i = 0; i < started.length; i += BATCH) {
    const batch = started.slice(i, i + BATCH);
    const results = await Promise.all(batch.map((d) => d.result));
    yield results.map((r, j) => ({ name: batch[j]!.name, digestMismatch: Boolean(r.digestMismatch) }));
  }
}
