import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import pathname from "node:path";
import * as core from "@actions/core";
import * as exec from "@actions/exec";
import * as github from "@actions/github";
import AdmZip from "adm-zip";
import { filesize } from "filesize";

/**
 * dawidd6/action-download-artifact, written from its public source and README (v3.1.4 and the
 * current major). The contract, in the real action's order:
 * 1. the workflow is the input, or the current run's workflow (unless `workflow_search`);
 * 2. without `run_id`, it pages through the workflow's runs (newest first, filtered by branch,
 *    event, commit on the server; by run number, conclusion-or-status and fork here) and takes
 *    the FIRST match. Only `check_artifacts`/`search_artifacts` make it skip a run that has no
 *    artifacts / none of that name; without them an older run is never looked at;
 * 3. it lists that run's artifacts: none of the name -> `no artifacts found`; the zip answering
 *    410 ("Artifact has expired") -> `no downloadable artifacts found (expired)`. Both go
 *    through `if_no_artifact_found` (fail | warn | ignore) and set `found_artifact=false`;
 * 4. any other error fails the step with the API's message (`Not Found - https://docs.github.com/rest`)
 *    and sets `error_message`.
 * `artifacts` is set only once a run was chosen (to the name-filtered list, possibly `[]`).
 */
export interface Dawidd6Major {
  /** `ref` input (a branch, else a commit), v3.2+ */
  ref: boolean;
  /** `merge_multiple` and `use_unzip` inputs, and artifacts sorted by created_at, later majors */
  mergeMultiple: boolean;
  useUnzip: boolean;
  sortByCreated: boolean;
}

type Octokit = ReturnType<typeof github.getOctokit>;
type RunArtifact = Awaited<
  ReturnType<Octokit["rest"]["actions"]["listWorkflowRunArtifacts"]>
>["data"]["artifacts"][number];

async function getWorkflow(client: Octokit, owner: string, repo: string, runID: string | number): Promise<number> {
  const run = await client.rest.actions.getWorkflowRun({ owner, repo, run_id: Number(runID || github.context.runId) });
  return run.data.workflow_id;
}

function setExitMessage(ifNoArtifactFound: string, message: string): void {
  core.setOutput("found_artifact", false);
  if (ifNoArtifactFound === "fail") core.setFailed(message);
  else if (ifNoArtifactFound === "warn") core.warning(message);
  else core.info(message); // "ignore" and anything else, as upstream
}

const matches = (artifactName: string, name: string, nameIsRegExp: boolean) =>
  nameIsRegExp ? artifactName.match(name) !== null : artifactName === name;

export async function runDawidd6(major: Dawidd6Major): Promise<void> {
  try {
    const token = core.getInput("github_token", { required: true });
    const [owner = "", repo = ""] = core.getInput("repo", { required: true }).split("/");
    const path = core.getInput("path", { required: true });
    const name = core.getInput("name");
    const nameIsRegExp = core.getBooleanInput("name_is_regexp");
    const skipUnpack = core.getBooleanInput("skip_unpack");
    const ifNoArtifactFound = core.getInput("if_no_artifact_found");
    const useUnzip = major.useUnzip && core.getBooleanInput("use_unzip");
    const mergeMultiple = major.mergeMultiple && core.getBooleanInput("merge_multiple");
    let workflow: string | number = core.getInput("workflow");
    const workflowSearch = core.getBooleanInput("workflow_search");
    const workflowConclusion = core.getInput("workflow_conclusion");
    const pr = core.getInput("pr");
    let commit = core.getInput("commit");
    let branch = core.getInput("branch");
    const ref = major.ref ? core.getInput("ref") : "";
    const event = core.getInput("event");
    let runID: string | number = core.getInput("run_id");
    const runNumber = core.getInput("run_number");
    const checkArtifacts = core.getBooleanInput("check_artifacts");
    const searchArtifacts = core.getBooleanInput("search_artifacts");
    const allowForks = core.getBooleanInput("allow_forks");
    const dryRun = core.getInput("dry_run");

    const client = github.getOctokit(token);

    core.info(`==> Repository: ${owner}/${repo}`);
    core.info(`==> Artifact name: ${name}`);
    core.info(`==> Local path: ${path}`);

    if (!workflow && !workflowSearch) workflow = await getWorkflow(client, owner, repo, runID);
    if (workflow) core.info(`==> Workflow name: ${workflow}`);
    core.info(`==> Workflow conclusion: ${workflowConclusion}`);

    const exclusive: Record<string, string> = major.ref
      ? { pr, commit, branch, ref, run_id: String(runID) }
      : { pr, commit, branch, run_id: String(runID) };
    if (Object.values(exclusive).filter((v) => v !== "").length > 1) {
      throw new Error(`The following inputs cannot be used together: ${Object.keys(exclusive).join(", ")}`);
    }

    if (pr) {
      core.info(`==> PR: ${pr}`);
      const pull = await client.rest.pulls.get({ owner, repo, pull_number: Number(pr) });
      commit = pull.data.head.sha;
    }
    if (ref) {
      // A branch of that name wins; anything else is taken as a commit.
      core.info(`==> Ref: ${ref}`);
      try {
        await client.rest.repos.getBranch({ owner, repo, branch: ref });
        branch = ref;
      } catch {
        commit = ref;
      }
    }
    if (commit) core.info(`==> Commit: ${commit}`);
    if (branch) {
      branch = branch.replace(/^refs\/heads\//, "");
      core.info(`==> Branch: ${branch}`);
    }
    if (event) core.info(`==> Event: ${event}`);
    if (runNumber) core.info(`==> Run number: ${runNumber}`);
    core.info(`==> Allow forks: ${allowForks}`);

    if (!runID) {
      const filters = {
        owner,
        repo,
        ...(branch ? { branch } : {}),
        ...(event ? { event } : {}),
        ...(commit ? { head_sha: commit } : {}),
      };
      // Runs come newest first; pages are followed through the Link header.
      const pages = workflow
        ? client.paginate.iterator(client.rest.actions.listWorkflowRuns, { ...filters, workflow_id: workflow })
        : client.paginate.iterator(client.rest.actions.listWorkflowRunsForRepo, filters);
      for await (const runs of pages) {
        for (const run of runs.data) {
          if (runNumber && String(run.run_number) !== runNumber) continue;
          if (workflowConclusion && workflowConclusion !== run.conclusion && workflowConclusion !== run.status)
            continue;
          const headRepo = run.head_repository?.full_name;
          if (!allowForks && headRepo !== `${owner}/${repo}`) {
            core.info(`==> Skipping run from fork: ${headRepo}`);
            continue;
          }
          if (checkArtifacts || searchArtifacts) {
            const artifacts = await client.paginate(client.rest.actions.listWorkflowRunArtifacts, {
              owner,
              repo,
              run_id: run.id,
            });
            if (!artifacts || artifacts.length === 0) continue;
            if (searchArtifacts && !artifacts.find((a) => matches(a.name, name, nameIsRegExp))) continue;
          }
          runID = run.id;
          core.info(`==> (found) Run ID: ${runID}`);
          core.info(`==> (found) Run date: ${run.created_at}`);
          if (!workflow) {
            workflow = await getWorkflow(client, owner, repo, runID);
            core.info(`==> (found) Workflow: ${workflow}`);
          }
          break;
        }
        if (runID) break;
      }
    }

    if (!runID) {
      if (workflowConclusion && workflowConclusion !== "in_progress") {
        return setExitMessage(ifNoArtifactFound, "no matching workflow run found with any artifacts?");
      }
      // Upstream then tries the current run through @actions/artifact's v1 `create()`, which the
      // client it bundles (2.x and later) no longer has: that call always throws, so this is
      // what the real action does on today's GitHub.
      return setExitMessage(ifNoArtifactFound, "no matching artifact in this workflow?");
    }

    let artifacts: RunArtifact[] = await client.paginate(client.rest.actions.listWorkflowRunArtifacts, {
      owner,
      repo,
      run_id: Number(runID),
    });
    if (name) {
      const filtered = artifacts.filter((a) => matches(a.name, name, nameIsRegExp));
      if (filtered.length === 0) {
        core.info(`==> (not found) Artifact: ${name}`);
        core.info("==> Found the following artifacts instead:");
        for (const a of artifacts) core.info(`\t==> (found) Artifact: ${a.name}`);
      }
      artifacts = filtered;
    }
    if (major.sortByCreated) artifacts.sort((a, b) => (a.created_at ?? "").localeCompare(b.created_at ?? ""));
    core.setOutput("artifacts", artifacts);

    if (dryRun) {
      if (artifacts.length === 0) {
        core.setOutput("dry_run", false);
        core.setOutput("found_artifact", false);
        return;
      }
      core.setOutput("dry_run", true);
      core.setOutput("found_artifact", true);
      core.info("==> (found) Artifacts");
      for (const a of artifacts) {
        core.info("\t==> Artifact:");
        core.info(`\t==> ID: ${a.id}`);
        core.info(`\t==> Name: ${a.name}`);
        core.info(`\t==> Size: ${filesize(a.size_in_bytes, { base: 10 })}`);
      }
      return;
    }

    if (artifacts.length === 0) return setExitMessage(ifNoArtifactFound, "no artifacts found");
    core.setOutput("found_artifact", true);

    for (const artifact of artifacts) {
      core.info(`==> Artifact: ${artifact.id}`);
      core.info(`==> Downloading: ${artifact.name}.zip (${filesize(artifact.size_in_bytes, { base: 10 })})`);
      let zip: { data: unknown };
      try {
        zip = await client.rest.actions.downloadArtifact({
          owner,
          repo,
          artifact_id: artifact.id,
          archive_format: "zip",
        });
      } catch (error) {
        const message = (error as Error).message;
        if (message.startsWith("Artifact has expired")) {
          return setExitMessage(ifNoArtifactFound, "no downloadable artifacts found (expired)");
        }
        throw new Error(message);
      }
      const data = Buffer.from(zip.data as ArrayBuffer);
      if (skipUnpack) {
        mkdirSync(path, { recursive: true });
        writeFileSync(`${pathname.join(path, artifact.name)}.zip`, data, "binary");
        continue;
      }
      const dir = name && (!nameIsRegExp || mergeMultiple) ? path : pathname.join(path, artifact.name);
      mkdirSync(dir, { recursive: true });
      core.startGroup(`==> Extracting: ${artifact.name}.zip`);
      if (useUnzip) {
        const zipPath = `${pathname.join(dir, artifact.name)}.zip`;
        writeFileSync(zipPath, data, "binary");
        await exec.exec("unzip", [zipPath, "-d", dir]);
        rmSync(zipPath);
      } else {
        const adm = new AdmZip(data);
        for (const entry of adm.getEntries()) {
          core.info(`  ${entry.isDirectory ? "creating" : "inflating"}: ${pathname.join(dir, entry.entryName)}`);
        }
        adm.extractAllTo(dir, true);
      }
      core.endGroup();
    }
  } catch (error) {
    const message = (error as Error).message;
    core.setOutput("found_artifact", false);
    core.setOutput("error_message", message);
    core.setFailed(message);
  }
}
