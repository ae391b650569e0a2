import * as core from "@actions/core";
import { displaySize } from "./fetch-artifacts.ts";
import type { RunArtifact } from "./github.ts";

// The real action's texts for "nothing to download": the fidelity contract, word for word.
export const NO_ARTIFACTS = "no artifacts found";
export const EXPIRED = "no downloadable artifacts found (expired)";

/**
 * No run matched. With `workflow_conclusion` empty or `in_progress` upstream then falls back to
 * the current run through @actions/artifact's v1 `create()`, which the clients it bundles (2.x
 * and later) do not have: that call always throws, so its message is what it ends with.
 */
export function noRunMessage(conclusion: string): string {
  return conclusion && conclusion !== "in_progress"
    ? "no matching workflow run found with any artifacts?"
    : "no matching artifact in this workflow?";
}

/**
 * Nothing to download: found_artifact=false, and the message as `if_no_artifact_found` says
 * (fail: the step fails; warn: a warning; anything else: a log line).
 */
export function nothingFound(ifNoArtifactFound: string, message: string): void {
  core.setOutput("found_artifact", false);
  if (ifNoArtifactFound === "fail") core.setFailed(message);
  else if (ifNoArtifactFound === "warn") core.warning(message);
  else core.info(message);
}

/** `dry_run`: what would be downloaded, and whether there is anything. */
export function reportDryRun(artifacts: readonly RunArtifact[]): void {
  const found = artifacts.length > 0;
  core.setOutput("dry_run", found);
  core.setOutput("found_artifact", found);
  if (!found) return;
  core.info("==> (found) Artifacts");
  for (const a of artifacts) {
    core.info("\t==> Artifact:");
    core.info(`\t==> ID: ${a.id}`);
    core.info(`\t==> Name: ${a.name}`);
    core.info(`\t==> Size: ${displaySize(a)}`);
  }
}

/** Any error fails the step with its message, which also goes to `error_message`. */
export function reportError(error: unknown): void {
  const message = (error as Error).message;
  core.setOutput("found_artifact", false);
  core.setOutput("error_message", message);
  core.setFailed(message);
}
