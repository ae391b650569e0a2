import * as core from "@actions/core";
import { fetchZip, wantedArtifacts } from "./fetch-artifacts.ts";
import { repositoryApi } from "./github.ts";
import { type Dawidd6Major, readDawidd6Inputs } from "./inputs.ts";
import { EXPIRED, NO_ARTIFACTS, noRunMessage, nothingFound, reportDryRun, reportError } from "./report.ts";
import { selectRun } from "./select-run.ts";
import { resolveTarget } from "./target.ts";
import { unpack } from "./unpack.ts";

export type { Dawidd6Major } from "./inputs.ts";

/**
 * dawidd6/action-download-artifact: the artifacts of one workflow run, that run given by id or
 * the newest matching the inputs. `artifacts` is set once a run is chosen (possibly `[]`);
 * "nothing found" goes through `if_no_artifact_found`; any error fails the step.
 */
export async function runDawidd6(major: Dawidd6Major): Promise<void> {
  try {
    const inputs = readDawidd6Inputs(major);
    const api = repositoryApi(inputs.token, inputs.owner, inputs.repo);
    const target = await resolveTarget(inputs, api);

    let runId = Number(target.runId);
    if (!target.runId) {
      const run = await selectRun(
        api.runs(target.server),
        { ...inputs.run, repository: `${inputs.owner}/${inputs.repo}`, artifacts: inputs.artifacts },
        (id) => api.artifactsOfRun(id),
        core.info,
      );
      if (!run) return nothingFound(inputs.ifNoArtifactFound, noRunMessage(inputs.run.conclusion));
      runId = run.id;
      core.info(`==> (found) Run ID: ${run.id}`);
      core.info(`==> (found) Run date: ${run.created_at}`);
      if (!target.workflow) core.info(`==> (found) Workflow: ${await api.workflowOfRun(run.id)}`);
    }

    const artifacts = await wantedArtifacts(api, runId, inputs.artifacts, major.sortByCreated);
    core.setOutput("artifacts", artifacts);
    if (inputs.dryRun) return reportDryRun(artifacts);
    if (artifacts.length === 0) return nothingFound(inputs.ifNoArtifactFound, NO_ARTIFACTS);

    core.setOutput("found_artifact", true);
    for (const artifact of artifacts) {
      const zip = await fetchZip(api, artifact);
      // Upstream stops at the first expired one; those unpacked before it stay.
      if (zip === "expired") return nothingFound(inputs.ifNoArtifactFound, EXPIRED);
      await unpack(zip, artifact.name, inputs);
    }
  } catch (error) {
    reportError(error);
  }
}
