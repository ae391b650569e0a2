import { homedir } from "node:os";
import { resolve } from "node:path";
import * as core from "@actions/core";
import type { DownloadClient, FindBy } from "./client.ts";

/** One major of actions/download-artifact: its client and what it has that v4.3.0 lacks. */
export interface DownloadMajor {
  client: DownloadClient;
  /** the `skip-decompress` and `digest-mismatch` inputs (v8); without them a mismatch only warns */
  decompressAndDigestInputs: boolean;
  /** a lone matched artifact goes into `path` itself, as a named one does (v8; v4 makes `path/<name>/`) */
  loneArtifactIntoPath: boolean;
}

export const DIGEST_MISMATCH_MODES = ["ignore", "info", "warn", "error"] as const;
export type DigestMismatchMode = (typeof DIGEST_MISMATCH_MODES)[number];

/** Which artifacts: by name, by a list of ids, or the run's (all, or those matching a pattern). */
export type Selection =
  | { by: "name"; name: string }
  /** the input as given: it is parsed only once the action says it downloads by id */
  | { by: "ids"; list: string }
  | { by: "run"; pattern: string };

export interface DownloadInputs {
  selection: Selection;
  /** absolute */
  path: string;
  mergeMultiple: boolean;
  /** undefined where the major has no such input (the option is then not passed) */
  skipDecompress: boolean | undefined;
  digestMismatch: DigestMismatchMode;
  /** undefined without a token: the current run, through the artifact service (run-id ignored) */
  findBy: FindBy | undefined;
}

const isMode = (value: string): value is DigestMismatchMode =>
  (DIGEST_MISMATCH_MODES as readonly string[]).includes(value);

/**
 * Reads and checks the inputs once, in the real action's order, so that of several bad ones
 * the same one is reported: unreadable booleans, `digest-mismatch`, name beside artifact-ids,
 * then a token's `repository`.
 */
export function readDownloadInputs(major: DownloadMajor): DownloadInputs {
  const name = core.getInput("name");
  const pathInput = core.getInput("path");
  const token = core.getInput("github-token");
  const repository = core.getInput("repository");
  const runId = Number.parseInt(core.getInput("run-id"), 10);
  const pattern = core.getInput("pattern");
  const mergeMultiple = core.getBooleanInput("merge-multiple");
  const ids = core.getInput("artifact-ids");
  const skipDecompress = major.decompressAndDigestInputs ? core.getBooleanInput("skip-decompress") : undefined;
  const digestMismatch = major.decompressAndDigestInputs ? core.getInput("digest-mismatch") || "error" : "warn";

  if (!isMode(digestMismatch)) {
    throw new Error(
      `Invalid value for 'digest-mismatch': '${digestMismatch}'. Valid options are: ${DIGEST_MISMATCH_MODES.join(", ")}`,
    );
  }
  let path = pathInput || process.env.GITHUB_WORKSPACE || process.cwd();
  if (path.startsWith("~")) path = path.replace("~", homedir());
  if (name && ids) {
    throw new Error("Inputs 'name' and 'artifact-ids' cannot be used together. Please specify only one.");
  }
  path = resolve(path);
  core.debug(`Resolved path is ${path}`);

  let findBy: FindBy | undefined;
  if (token) {
    const [repositoryOwner, repositoryName] = repository.split("/");
    if (!repositoryOwner || !repositoryName) {
      throw new Error(`Invalid repository: '${repository}'. Must be in format owner/repo`);
    }
    findBy = { token, workflowRunId: runId, repositoryOwner, repositoryName };
  }

  const selection: Selection = name ? { by: "name", name } : ids ? { by: "ids", list: ids } : { by: "run", pattern };
  return { selection, path, mergeMultiple, skipDecompress, digestMismatch, findBy };
}
