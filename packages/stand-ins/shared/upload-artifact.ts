import * as core from "@actions/core";
import { findFilesToUpload } from "./find-files.ts";

/** What the upload needs of an @actions/artifact client (2.3.2 and 6.x agree on it). */
export interface UploadClient {
  uploadArtifact(
    name: string,
    files: string[],
    rootDirectory: string,
    options: { retentionDays?: number; compressionLevel?: number; skipArchive?: boolean },
  ): Promise<{ id?: number; size?: number; digest?: string }>;
  deleteArtifact(name: string): Promise<unknown>;
}

export interface UploadMajor {
  client: UploadClient;
  /** The client's ArtifactNotFoundError test (a missing artifact is not worth a debug line). */
  isNotFound(error: unknown): boolean;
  /** v7: the `archive` input (false uploads one file as it is). */
  archiveInput: boolean;
}

const NO_FILES = ["warn", "error", "ignore"] as const;

/**
 * actions/upload-artifact (v4.6.2, v6.0.0, v7.0.0), from its public source: input problems are
 * reported with setFailed and the run goes on as upstream's does; any thrown error fails the step
 * with its message (a 409 from CreateArtifact with overwrite: false, for one).
 */
export async function runUpload(major: UploadMajor): Promise<void> {
  const name = core.getInput("name");
  const searchPath = core.getInput("path", { required: true });
  const overwrite = core.getBooleanInput("overwrite");
  const includeHidden = core.getBooleanInput("include-hidden-files");
  const archive = major.archiveInput ? core.getBooleanInput("archive") : true;
  const ifNoFilesFound = core.getInput("if-no-files-found");
  if (!(NO_FILES as readonly string[]).includes(ifNoFilesFound)) {
    core.setFailed(
      `Unrecognized if-no-files-found input. Provided: ${ifNoFilesFound}. Available options: ${NO_FILES.join(",")}`,
    );
  }
  let retentionDays: number | undefined;
  const retention = core.getInput("retention-days");
  if (retention) {
    retentionDays = Number.parseInt(retention, 10);
    if (Number.isNaN(retentionDays)) core.setFailed("Invalid retention-days");
  }
  let compressionLevel: number | undefined;
  const level = core.getInput("compression-level");
  if (level) {
    compressionLevel = Number.parseInt(level, 10);
    if (Number.isNaN(compressionLevel)) core.setFailed("Invalid compression-level");
    if (compressionLevel < 0 || compressionLevel > 9) core.setFailed("Invalid compression-level. Valid values are 0-9");
  }

  const { files, rootDirectory } = await findFilesToUpload(searchPath, includeHidden);
  if (files.length === 0) {
    const message = `No files were found with the provided path: ${searchPath}. No artifacts will be uploaded.`;
    if (ifNoFilesFound === "warn") core.warning(message);
    else if (ifNoFilesFound === "error") core.setFailed(message);
    else if (ifNoFilesFound === "ignore") core.info(message);
    return;
  }
  core.info(`With the provided path, there will be ${files.length} file${files.length === 1 ? "" : "s"} uploaded`);
  core.debug(`Root artifact directory is ${rootDirectory}`);
  if (!archive && files.length > 1) {
    core.setFailed(
      `When 'archive' is set to false, only a single file can be uploaded. Found ${files.length} files to upload.`,
    );
    return;
  }
  if (overwrite) {
    try {
      await major.client.deleteArtifact(name);
    } catch (error) {
      if (major.isNotFound(error)) core.debug(`Skipping deletion of '${name}', it does not exist`);
      // Best effort, as upstream: a failed delete does not fail the step.
      else core.debug(`Unable to delete artifact: ${(error as Error).message}`);
    }
  }
  const options: { retentionDays?: number; compressionLevel?: number; skipArchive?: boolean } = {};
  if (retentionDays) options.retentionDays = retentionDays;
  if (compressionLevel !== undefined) options.compressionLevel = compressionLevel;
  if (!archive) options.skipArchive = true;
  const res = await major.client.uploadArtifact(name, files, rootDirectory, options);
  core.info(
    `Artifact ${name} has been successfully uploaded! Final size is ${res.size} bytes. Artifact ID is ${res.id}`,
  );
  core.setOutput("artifact-id", res.id);
  core.setOutput("artifact-digest", res.digest);
  const [owner, repo] = (process.env.GITHUB_REPOSITORY ?? "").split("/");
  const server = process.env.GITHUB_SERVER_URL || "https://github.com";
  const url = `${server}/${owner}/${repo}/actions/runs/${process.env.GITHUB_RUN_ID}/artifacts/${res.id}`;
  core.info(`Artifact download URL: ${url}`);
  core.setOutput("artifact-url", url);
}
