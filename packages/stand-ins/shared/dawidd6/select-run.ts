import type { WorkflowRun } from "./github.ts";
import { type ArtifactChoice, isWanted } from "./inputs.ts";

/** What GitHub's run list cannot filter on, checked here run by run. */
export interface LocalRunFilter {
  /** empty: any number */
  runNumber: string;
  /** a conclusion or a status; empty: any run */
  conclusion: string;
  allowForks: boolean;
  /** `owner/repo`: a run whose head is elsewhere is a fork's */
  repository: string;
  checkArtifacts: boolean;
  searchArtifacts: boolean;
  artifacts: ArtifactChoice;
}

/**
 * The first run that passes the filter, reading `runs` (newest first) no further than needed.
 * Only `checkArtifacts`/`searchArtifacts` look at a run's artifacts: without them the newest
 * matching run is the answer even if it lacks the artifact, and an older run is never tried.
 */
export async function selectRun(
  runs: AsyncIterable<WorkflowRun>,
  filter: LocalRunFilter,
  artifactsOf: (runId: number) => Promise<readonly { name: string }[]>,
  log: (line: string) => void,
): Promise<WorkflowRun | undefined> {
  for await (const run of runs) {
    // Compared as numbers: "02" is run 2, as in the real action's loose comparison.
    if (filter.runNumber && run.run_number !== Number(filter.runNumber)) continue;
    if (filter.conclusion && filter.conclusion !== run.conclusion && filter.conclusion !== run.status) continue;
    if (!filter.allowForks && run.head_repository.full_name !== filter.repository) {
      log(`==> Skipping run from fork: ${run.head_repository.full_name}`);
      continue;
    }
    if (filter.checkArtifacts || filter.searchArtifacts) {
      const artifacts = await artifactsOf(run.id);
      if (artifacts.length === 0) continue;
      if (filter.searchArtifacts && !artifacts.some((a) => isWanted(filter.artifacts, a.name))) continue;
    }
    return run;
  }
  return undefined;
}
