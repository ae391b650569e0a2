import { DefaultArtifactClient } from "@actions/artifact";
import * as core from "@actions/core";
import { runAction } from "../../../shared/run.ts";
import { findFilesToUpload } from "./find-files.ts";

const NO_FILES = ["warn", "error", "ignore"] as const;
type NoFiles = (typeof NO_FILES)[number];

interface Inputs {
  name: string;
  path: string;
  ifNoFilesFound: NoFiles;
  retentionDays?: number;
  compressionLevel?: number;
  overwrite: boolean;
  includeHidden: boolean;
}

function readInputs(): Inputs | undefined {
  const ifNoFilesFound = core.getInput("if-no-files-found") || "warn";
  if (!(NO_FILES as readonly string[]).includes(ifNoFilesFound)) {
    core.setFailed(
      `Unrecognized if-no-files-found input. Provided: ${ifNoFilesFound}. Available options: ${NO_FILES.join(",")}`,
    );
    return undefined;
  }
  const inputs: Inputs = {
    name: core.getInput("name") || "artifact",
    path: core.getInput("path", { required: true }),
    ifNoFilesFound: ifNoFilesFound as NoFiles,
    overwrite: core.getBooleanInput("overwrite"),
    includeHidden: core.getBooleanInput("include-hidden-files"),
  };
  const retention = core.getInput("retention-days");
  if (retention) {
    inputs.retentionDays = Number.parseInt(retention, 10);
    if (Number.isNaN(inputs.retentionDays)) return fail("Invalid retention-days");
  }
  const level = core.getInput("compression-level");
  if (level) {
    inputs.compressionLevel = Number.parseInt(level, 10);
    if (Number.isNaN(inputs.compressionLevel)) return fail("Invalid compression-level");
    if (inputs.compressionLevel < 0 || inputs.compressionLevel > 9)
      return fail("Invalid compression-level. Valid values are 0-9");
  }
  return inputs;
}

function fail(message: string): undefined {
  core.setFailed(message);
  return undefined;
}

async function main(): Promise<void> {
  const inputs = readInputs();
  if (!inputs) return;
  const { files, rootDirectory } = await findFilesToUpload(inputs.path, inputs.includeHidden);
  if (files.length === 0) {
    const message = `No files were found with the provided path: ${inputs.path}. No artifacts will be uploaded.`;
    if (inputs.ifNoFilesFound === "error") core.setFailed(message);
    else if (inputs.ifNoFilesFound === "warn") core.warning(message);
    else core.info(message);
    return;
  }
  core.info(`With the provided path, there will be ${files.length} file${files.length === 1 ? "" : "s"} uploaded`);
  core.debug(`Root artifact directory is ${rootDirectory}`);
  const client = new DefaultArtifactClient();
  if (inputs.overwrite) {
    // Best effort, as upstream: a missing artifact or a failed delete does not fail the step.
    await client
      .deleteArtifact(inputs.name)
      .catch((err: Error) => core.debug(`Unable to delete artifact: ${err.message}`));
  }
  const res = await client.uploadArtifact(inputs.name, files, rootDirectory, {
    ...(inputs.retentionDays ? { retentionDays: inputs.retentionDays } : {}),
    ...(inputs.compressionLevel !== undefined ? { compressionLevel: inputs.compressionLevel } : {}),
  });
  core.info(
    `Artifact ${inputs.name} has been successfully uploaded! Final size is ${res.size} bytes. Artifact ID is ${res.id}`,
  );
  core.setOutput("artifact-id", res.id);
  core.setOutput("artifact-digest", res.digest);
  const server = process.env.GITHUB_SERVER_URL || "https://github.com";
  const url = `${server}/${process.env.GITHUB_REPOSITORY}/actions/runs/${process.env.GITHUB_RUN_ID}/artifacts/${res.id}`;
  core.info(`Artifact download URL: ${url}`);
  core.setOutput("artifact-url", url);
}

runAction(main);
