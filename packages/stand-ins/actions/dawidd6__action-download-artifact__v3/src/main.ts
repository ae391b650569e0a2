import * as core from "@actions/core";
import { downloadArtifact, findLatestArtifact } from "@perfgate/artifact-client";
import { runAction } from "../../../shared/run.ts";

/** Inputs of the real action this stand-in does not implement: refuse them instead of ignoring them. */
const UNSUPPORTED = ["pr", "commit", "run_id", "run_number", "dry_run"] as const;
const UNSUPPORTED_FLAGS = ["name_is_regexp", "skip_unpack", "workflow_search"] as const;

type IfNotFound = "fail" | "warn" | "ignore";

/** As the real action: report "nothing found" the way if_no_artifact_found asks. */
function exitNotFound(how: IfNotFound, message: string): void {
  core.setOutput("found_artifact", false);
  if (how === "fail") core.setFailed(message);
  else if (how === "warn") core.warning(message);
  else core.info(message);
}

const MESSAGES: Record<string, string> = {
  "no-runs": "no matching workflow run found with any artifacts?",
  "no-artifact": "no artifacts found",
  expired: "no downloadable artifacts found (expired)",
};

async function currentWorkflow(apiUrl: string, token: string, repo: string): Promise<string> {
  const runId = process.env.GITHUB_RUN_ID;
  const res = await fetch(`${apiUrl}/repos/${repo}/actions/runs/${runId}`, {
    headers: { authorization: `token ${token}`, accept: "application/vnd.github+json" },
  });
  if (!res.ok) throw new Error(`could not look up the current workflow (run ${runId}): HTTP ${res.status}`);
  const body = (await res.json()) as { workflow_id?: number };
  return String(body.workflow_id);
}

async function main(): Promise<void> {
  try {
    const token = core.getInput("github_token", { required: true });
    const repo = core.getInput("repo", { required: true });
    const path = core.getInput("path", { required: true });
    const name = core.getInput("name");
    const ifNotFound = (core.getInput("if_no_artifact_found") || "fail") as IfNotFound;
    const conclusion = core.getInput("workflow_conclusion");
    const branch = core.getInput("branch").replace(/^refs\/heads\//, "");
    const event = core.getInput("event");
    const apiUrl = process.env.GITHUB_API_URL || "https://api.github.com";
    for (const key of UNSUPPORTED) {
      if (core.getInput(key)) throw new Error(`input ${key} is not supported by the offline stand-in of this action`);
    }
    for (const key of UNSUPPORTED_FLAGS) {
      if (core.getInput(key) && core.getBooleanInput(key)) {
        throw new Error(`input ${key}: true is not supported by the offline stand-in of this action`);
      }
    }
    if (!name)
      throw new Error(
        "the offline stand-in of this action needs the name input (downloading all artifacts is not supported)",
      );
    if (!["fail", "warn", "ignore"].includes(ifNotFound)) {
      throw new Error(`if_no_artifact_found must be fail, warn or ignore, got '${ifNotFound}'`);
    }

    core.info(`==> Repository: ${repo}`);
    core.info(`==> Artifact name: ${name}`);
    core.info(`==> Local path: ${path}`);
    const workflow = core.getInput("workflow") || (await currentWorkflow(apiUrl, token, repo));
    core.info(`==> Workflow name: ${workflow}`);
    core.info(`==> Workflow conclusion: ${conclusion}`);
    if (branch) core.info(`==> Branch: ${branch}`);
    if (event) core.info(`==> Event: ${event}`);

    const found = await findLatestArtifact({
      repo,
      workflow,
      name,
      token,
      apiUrl,
      ...(branch ? { branch } : {}),
      ...(event ? { event } : {}),
      conclusion, // "" matches any conclusion, as upstream
    });
    if (!found.found) {
      core.info(`==> ${found.message}`);
      core.setOutput("artifacts", []);
      exitNotFound(ifNotFound, MESSAGES[found.reason] ?? found.message);
      return;
    }
    const { run, artifact } = found;
    core.info(`==> (found) Run ID: ${run.id}`);
    core.info(`==> (found) Run date: ${run.created_at}`);
    core.setOutput("artifacts", [artifact]);
    core.setOutput("found_artifact", true);
    core.info(`==> Artifact: ${artifact.id}`);
    core.info(`==> Downloading: ${artifact.name}.zip (${formatSize(artifact.size_in_bytes)})`);
    core.startGroup(`==> Extracting: ${artifact.name}.zip`);
    const res = await downloadArtifact({ repo, artifactId: artifact.id, token, apiUrl, dest: path });
    for (const f of res.files) core.info(`  inflating: ${f}`);
    core.endGroup();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    core.setOutput("found_artifact", false);
    core.setOutput("error_message", message);
    core.setFailed(message);
  }
}

/** Decimal sizes, as the real action prints them ("1.23 kB"). */
function formatSize(bytes: number): string {
  const units = ["B", "kB", "MB", "GB"];
  let v = bytes;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${i === 0 ? v : Number(v.toFixed(2))} ${units[i]}`;
}

runAction(main);
