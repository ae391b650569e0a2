import * as core from "@actions/core";
import type { ArtifactInfo } from "./client.ts";
import type { DownloadOutcome } from "./download.ts";
import type { DigestMismatchMode } from "./inputs.ts";

/** The plan, one line per artifact, before anything is downloaded. */
export function reportSelected(artifacts: readonly ArtifactInfo[]): void {
  if (artifacts.length === 0) return;
  core.info("Preparing to download the following artifacts:");
  for (const a of artifacts) core.info(`- ${a.name} (ID: ${a.id}, Size: ${a.size}, Expected Digest: ${a.digest})`);
}

/**
 * A batch's digest mismatches as `digest-mismatch` says: each logged (info) or warned about
 * (warn); ignore and error show none one by one. Returns the names that did not match.
 */
export function reportMismatches(outcomes: readonly DownloadOutcome[], mode: DigestMismatchMode): string[] {
  const mismatched = outcomes.filter((o) => o.digestMismatch).map((o) => o.name);
  for (const name of mismatched) {
    const message = `Artifact '${name}' digest validation failed. Please verify the integrity of the artifact.`;
    if (mode === "info") core.info(message);
    else if (mode === "warn") core.warning(message);
  }
  return mismatched;
}

/** With `digest-mismatch: error`, any mismatch fails the step once everything is downloaded, naming them all. */
export function failOnMismatches(mismatched: readonly string[], mode: DigestMismatchMode): void {
  if (mode === "error" && mismatched.length > 0) {
    throw new Error(
      `Digest validation failed for artifact(s): ${mismatched.join(", ")}. Use 'digest-mismatch: warn' to continue on mismatch.`,
    );
  }
}

export function reportDone(count: number, path: string): void {
  core.info(`Total of ${count} artifact(s) downloaded`);
  core.setOutput("download-path", path);
  core.info("Download artifact has finished successfully");
}
