import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { type Artifact, DefaultArtifactClient, type FindOptions } from "@actions/artifact";
import * as core from "@actions/core";
import { Minimatch } from "minimatch";
import { runAction } from "../../../shared/run.ts";

async function main(): Promise<void> {
  const inputs = {
    name: core.getInput("name"),
    path: core.getInput("path") || process.env.GITHUB_WORKSPACE || process.cwd(),
    token: core.getInput("github-token"),
    repository: core.getInput("repository"),
    runId: Number.parseInt(core.getInput("run-id"), 10),
    pattern: core.getInput("pattern"),
    mergeMultiple: core.getBooleanInput("merge-multiple"),
    artifactIds: core.getInput("artifact-ids"),
  };
  if (inputs.path.startsWith("~")) inputs.path = inputs.path.replace("~", homedir());
  if (inputs.name && inputs.artifactIds) {
    throw new Error("Inputs 'name' and 'artifact-ids' cannot be used together. Please specify only one.");
  }
  const resolvedPath = resolve(inputs.path);
  core.debug(`Resolved path is ${resolvedPath}`);

  // With a token the artifacts of another run (or repository) are read through the REST API.
  const options: FindOptions = {};
  if (inputs.token) {
    const [owner, repo] = inputs.repository.split("/");
    if (!owner || !repo) throw new Error(`Invalid repository: '${inputs.repository}'. Must be in format owner/repo`);
    if (Number.isNaN(inputs.runId)) throw new Error("Invalid run-id: a number is needed together with github-token");
    options.findBy = { token: inputs.token, workflowRunId: inputs.runId, repositoryOwner: owner, repositoryName: repo };
  }

  const client = new DefaultArtifactClient();
  let artifacts: Artifact[];
  const single = Boolean(inputs.name);
  if (single) {
    core.info("Downloading single artifact");
    const { artifact } = await client.getArtifact(inputs.name, options);
    if (!artifact) throw new Error(`Artifact '${inputs.name}' not found`);
    artifacts = [artifact];
  } else if (inputs.artifactIds) {
    core.info("Downloading artifacts by ID");
    const ids = inputs.artifactIds
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean)
      .map((s) => {
        const n = Number.parseInt(s, 10);
        if (Number.isNaN(n)) throw new Error(`Invalid artifact ID: '${s}'. Must be a number.`);
        return n;
      });
    if (ids.length === 0) throw new Error("No valid artifact IDs provided in 'artifact-ids' input");
    const all = (await client.listArtifacts({ latest: true, ...options })).artifacts;
    artifacts = all.filter((a) => ids.includes(a.id));
    if (artifacts.length === 0) throw new Error("None of the provided artifact IDs were found");
    const missing = ids.filter((id) => !artifacts.some((a) => a.id === id));
    if (missing.length > 0) core.warning(`Could not find the following artifact IDs: ${missing.join(", ")}`);
  } else {
    artifacts = (await client.listArtifacts({ latest: true, ...options })).artifacts;
    if (inputs.pattern) {
      core.info(`Filtering artifacts by pattern '${inputs.pattern}'`);
      const matcher = new Minimatch(inputs.pattern);
      artifacts = artifacts.filter((a) => matcher.match(a.name));
    } else {
      core.info("No input name, artifact-ids or pattern filtered specified, downloading all artifacts");
      if (!inputs.mergeMultiple)
        core.info("An extra directory with the artifact name will be created for each download");
    }
  }
  if (artifacts.length > 0) {
    core.info("Preparing to download the following artifacts:");
    for (const a of artifacts) core.info(`- ${a.name} (ID: ${a.id}, Size: ${a.size}, Expected Digest: ${a.digest})`);
  }
  for (const a of artifacts) {
    const out = await client.downloadArtifact(a.id, {
      ...options,
      path: single || inputs.mergeMultiple ? resolvedPath : join(resolvedPath, a.name),
      expectedHash: a.digest,
    });
    if (out.digestMismatch) {
      core.warning(`Artifact '${a.name}' digest validation failed. Please verify the integrity of the artifact.`);
    }
  }
  core.info(`Total of ${artifacts.length} artifact(s) downloaded`);
  core.setOutput("download-path", resolvedPath);
  core.info("Download artifact has finished successfully");
}

runAction(main, "Unable to download artifact(s): ");
