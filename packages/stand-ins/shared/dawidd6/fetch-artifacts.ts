import * as core from "@actions/core";
import { filesize } from "filesize";
import type { RepositoryApi, RunArtifact } from "./github.ts";
import { type ArtifactChoice, isWanted } from "./inputs.ts";

/**
 * The chosen run's artifacts that are wanted (all without a name). When none has the name,
 * the log lists what the run has instead.
 */
export async function wantedArtifacts(
  api: RepositoryApi,
  runId: number,
  choice: ArtifactChoice,
  sortByCreated: boolean,
): Promise<RunArtifact[]> {
  const all = await api.artifactsOfRun(runId);
  let wanted = all;
  if (choice.name) {
    wanted = all.filter((a) => isWanted(choice, a.name));
    if (wanted.length === 0) {
      core.info(`==> (not found) Artifact: ${choice.name}`);
      core.info("==> Found the following artifacts instead:");
      for (const a of all) core.info(`\t==> (found) Artifact: ${a.name}`);
    }
  }
  if (sortByCreated) wanted.sort((a, b) => (a.created_at ?? "").localeCompare(b.created_at ?? ""));
  return wanted;
}

/** `size_in_bytes` as the log shows it: decimal units (`189 B`, `1.23 kB`). */
export const displaySize = (artifact: RunArtifact): string => filesize(artifact.size_in_bytes, { base: 10 });

/**
 * Downloads one artifact's zip, or says it has expired: GitHub still lists an expired
 * artifact but answers its zip with 410 `Artifact has expired`. Any other failure is thrown.
 */
export async function fetchZip(api: RepositoryApi, artifact: RunArtifact): Promise<Buffer | "expired"> {
  core.info(`==> Artifact: ${artifact.id}`);
  core.info(`==> Downloading: ${artifact.name}.zip (${displaySize(artifact)})`);
  try {
    return await api.zipOf(artifact.id);
  } catch (error) {
    if (error instanceof Error && error.message.startsWith("Artifact has expired")) return "expired";
    throw error;
  }
}
