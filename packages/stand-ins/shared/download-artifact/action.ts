import { downloadInBatches } from "./download.ts";
import { type DownloadMajor, readDownloadInputs } from "./inputs.ts";
import { failOnMismatches, reportDone, reportMismatches, reportSelected } from "./report.ts";
import { selectArtifacts } from "./select-artifacts.ts";

export type { DownloadClient } from "./client.ts";
export type { DownloadMajor } from "./inputs.ts";

/**
 * actions/download-artifact: the selected artifacts of the current run (no token) or of
 * another run or repository (token, run-id, repository), each extracted under `path`. Errors
 * are thrown; the caller fails the step with `Unable to download artifact(s): <message>`.
 */
export async function runDownload(major: DownloadMajor): Promise<void> {
  const inputs = readDownloadInputs(major);
  const artifacts = await selectArtifacts(major.client, inputs);
  reportSelected(artifacts);
  const mismatched: string[] = [];
  for await (const batch of downloadInBatches(major.client, artifacts, inputs, major)) {
    mismatched.push(...reportMismatches(batch, inputs.digestMismatch));
  }
  failOnMismatches(mismatched, inputs.digestMismatch);
  reportDone(artifacts.length, inputs.path);
}
