import * as core from "@actions/core";
import { Minimatch } from "minimatch";
import type { ArtifactInfo, DownloadClient } from "./client.ts";
import type { DownloadInputs } from "./inputs.ts";

/**
 * The artifacts to download, as the selection says, logging what the real action logs. Lists
 * ask for the newest artifact of each name (`latest`). Throws where the action fails: an
 * unknown name (the client's text), ids that are no numbers or none of which exist.
 */
export async function selectArtifacts(client: DownloadClient, inputs: DownloadInputs): Promise<ArtifactInfo[]> {
  const options = inputs.findBy ? { findBy: inputs.findBy } : {};
  const list = async () => (await client.listArtifacts({ latest: true, ...options })).artifacts;
  const { selection } = inputs;

  if (selection.by === "name") {
    core.info("Downloading single artifact");
    const { artifact } = await client.getArtifact(selection.name, options);
    if (!artifact) throw new Error(`Artifact '${selection.name}' not found`);
    core.debug(`Found named artifact '${selection.name}' (ID: ${artifact.id}, Size: ${artifact.size})`);
    return [artifact];
  }

  if (selection.by === "ids") {
    core.info("Downloading artifacts by ID");
    const given = selection.list
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s !== "");
    if (given.length === 0) throw new Error("No valid artifact IDs provided in 'artifact-ids' input");
    core.debug(`Parsed artifact IDs: ${JSON.stringify(given)}`);
    const ids = given.map((s) => {
      const id = Number.parseInt(s, 10);
      if (Number.isNaN(id)) throw new Error(`Invalid artifact ID: '${s}'. Must be a number.`);
      return id;
    });
    const found = (await list()).filter((a) => ids.includes(a.id));
    if (found.length === 0) throw new Error("None of the provided artifact IDs were found");
    if (found.length < ids.length) {
      const missing = ids.filter((id) => !found.some((a) => a.id === id));
      core.warning(`Could not find the following artifact IDs: ${missing.join(", ")}`);
    }
    core.debug(`Found ${found.length} artifacts by ID`);
    return found;
  }

  const all = await list();
  core.debug(`Found ${all.length} artifacts in run`);
  if (selection.pattern) {
    core.info(`Filtering artifacts by pattern '${selection.pattern}'`);
    const matcher = new Minimatch(selection.pattern);
    const matched = all.filter((a) => matcher.match(a.name));
    core.debug(`Filtered from ${all.length} to ${matched.length} artifacts`);
    return matched;
  }
  core.info("No input name, artifact-ids or pattern filtered specified, downloading all artifacts");
  if (!inputs.mergeMultiple) core.info("An extra directory with the artifact name will be created for each download");
  return all;
}
