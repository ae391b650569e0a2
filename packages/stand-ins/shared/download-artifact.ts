import { homedir } from "node:os";
import { join, resolve } from "node:path";
import * as core from "@actions/core";
import { Minimatch } from "minimatch";

interface ArtifactInfo {
  id: number;
  name: string;
  size: number;
  digest?: string;
}
interface FindBy {
  findBy?: { token: string; workflowRunId: number; repositoryOwner: string; repositoryName: string };
}

/** What the download needs of an @actions/artifact client (2.3.2 and 6.x agree on it). */
export interface DownloadClient {
  getArtifact(name: string, options?: FindBy): Promise<{ artifact: ArtifactInfo }>;
  listArtifacts(options?: FindBy & { latest?: boolean }): Promise<{ artifacts: ArtifactInfo[] }>;
  downloadArtifact(
    id: number,
    options?: FindBy & { path?: string; expectedHash?: string; skipDecompress?: boolean },
  ): Promise<{ digestMismatch?: boolean }>;
}

export interface DownloadMajor {
  client: DownloadClient;
  /** v8: `skip-decompress` and `digest-mismatch` inputs; one matched artifact goes to path itself. */
  current: boolean;
}

const DIGEST = ["ignore", "info", "warn", "error"] as const;

/**
 * actions/download-artifact (v4.3.0, v8.0.1), from its public source. Errors are thrown; the
 * caller fails the step with `Unable to download artifact(s): <message>`, as upstream's index does.
 */
export async function runDownload(major: DownloadMajor): Promise<void> {
  const inputs = {
    name: core.getInput("name"),
    path: core.getInput("path"),
    token: core.getInput("github-token"),
    repository: core.getInput("repository"),
    runID: Number.parseInt(core.getInput("run-id"), 10),
    pattern: core.getInput("pattern"),
    mergeMultiple: core.getBooleanInput("merge-multiple"),
    artifactIds: core.getInput("artifact-ids"),
    skipDecompress: major.current ? core.getBooleanInput("skip-decompress") : false,
    digestMismatch: major.current ? core.getInput("digest-mismatch") || "error" : "warn",
  };
  if (!(DIGEST as readonly string[]).includes(inputs.digestMismatch)) {
    throw new Error(
      `Invalid value for 'digest-mismatch': '${inputs.digestMismatch}'. Valid options are: ${DIGEST.join(", ")}`,
    );
  }
  if (!inputs.path) inputs.path = process.env.GITHUB_WORKSPACE || process.cwd();
  if (inputs.path.startsWith("~")) inputs.path = inputs.path.replace("~", homedir());
  if (inputs.name && inputs.artifactIds) {
    throw new Error("Inputs 'name' and 'artifact-ids' cannot be used together. Please specify only one.");
  }
  const single = Boolean(inputs.name);
  const resolvedPath = resolve(inputs.path);
  core.debug(`Resolved path is ${resolvedPath}`);

  // With a token the artifacts of another run (or repository) are read through the REST API;
  // without one, the current run's through the artifact service (run-id is then ignored).
  const options: FindBy = {};
  if (inputs.token) {
    const [repositoryOwner, repositoryName] = inputs.repository.split("/");
    if (!repositoryOwner || !repositoryName) {
      throw new Error(`Invalid repository: '${inputs.repository}'. Must be in format owner/repo`);
    }
    options.findBy = { token: inputs.token, workflowRunId: inputs.runID, repositoryOwner, repositoryName };
  }

  const { client } = major;
  let artifacts: ArtifactInfo[];
  if (single) {
    core.info("Downloading single artifact");
    const { artifact } = await client.getArtifact(inputs.name, options);
    if (!artifact) throw new Error(`Artifact '${inputs.name}' not found`);
    core.debug(`Found named artifact '${inputs.name}' (ID: ${artifact.id}, Size: ${artifact.size})`);
    artifacts = [artifact];
  } else if (inputs.artifactIds) {
    core.info("Downloading artifacts by ID");
    const list = inputs.artifactIds
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s !== "");
    if (list.length === 0) throw new Error("No valid artifact IDs provided in 'artifact-ids' input");
    const ids = list.map((s) => {
      const n = Number.parseInt(s, 10);
      if (Number.isNaN(n)) throw new Error(`Invalid artifact ID: '${s}'. Must be a number.`);
      return n;
    });
    const all = (await client.listArtifacts({ latest: true, ...options })).artifacts;
    artifacts = all.filter((a) => ids.includes(a.id));
    if (artifacts.length === 0) throw new Error("None of the provided artifact IDs were found");
    if (artifacts.length < ids.length) {
      const missing = ids.filter((id) => !artifacts.some((a) => a.id === id));
      core.warning(`Could not find the following artifact IDs: ${missing.join(", ")}`);
    }
  } else {
    artifacts = (await client.listArtifacts({ latest: true, ...options })).artifacts;
    core.debug(`Found ${artifacts.length} artifacts in run`);
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
  const intoPath = (count: number) => single || inputs.mergeMultiple || (major.current && count === 1);
  const mismatches: string[] = [];
  for (const a of artifacts) {
    const out = await client.downloadArtifact(a.id, {
      ...options,
      path: intoPath(artifacts.length) ? resolvedPath : join(resolvedPath, a.name),
      expectedHash: a.digest,
      ...(major.current ? { skipDecompress: inputs.skipDecompress } : {}),
    });
    if (!out.digestMismatch) continue;
    mismatches.push(a.name);
    const message = `Artifact '${a.name}' digest validation failed. Please verify the integrity of the artifact.`;
    if (inputs.digestMismatch === "info") core.info(message);
    else if (inputs.digestMismatch === "warn") core.warning(message);
  }
  if (mismatches.length > 0 && inputs.digestMismatch === "error") {
    throw new Error(
      `Digest validation failed for artifact(s): ${mismatches.join(", ")}. Use 'digest-mismatch: warn' to continue on mismatch.`,
    );
  }
  core.info(`Total of ${artifacts.length} artifact(s) downloaded`);
  core.setOutput("download-path", resolvedPath);
  core.info("Download artifact has finished successfully");
}
