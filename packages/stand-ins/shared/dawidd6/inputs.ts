import * as core from "@actions/core";

/** What a major of dawidd6/action-download-artifact has beyond v3.1.4's inputs and behaviour. */
export interface Dawidd6Major {
  /** the `ref` input (a branch if one has that name, else a commit) */
  ref: boolean;
  /** the `merge_multiple` input: regexp-matched artifacts unpacked into `path` itself */
  mergeMultiple: boolean;
  /** the `use_unzip` input: the system's unzip instead of adm-zip */
  useUnzip: boolean;
  /** the run's artifacts in created_at order (v3.1.4 keeps the API's order) */
  sortByCreated: boolean;
}

/** Which artifacts of the chosen run are wanted. */
export interface ArtifactChoice {
  /** empty: every artifact */
  name: string;
  nameIsRegExp: boolean;
}

/** How the run is found: its id, or the newest run matching the rest. */
export interface RunCriteria {
  /** file name or id; empty: inferred from the current run, or any workflow with `search` */
  workflow: string;
  /** `workflow_search`: with no workflow, search the repository's runs of every workflow */
  search: boolean;
  /** a conclusion or a status the run must have; empty: any run */
  conclusion: string;
  pr: string;
  commit: string;
  branch: string;
  /** undefined for a major without the input (it is then not among the exclusive ones either) */
  ref: string | undefined;
  event: string;
  runId: string;
  runNumber: string;
  /** skip runs with no artifacts at all */
  checkArtifacts: boolean;
  /** skip runs with no artifact of the wanted name */
  searchArtifacts: boolean;
  allowForks: boolean;
}

export interface Dawidd6Inputs {
  token: string;
  owner: string;
  repo: string;
  path: string;
  artifacts: ArtifactChoice;
  run: RunCriteria;
  skipUnpack: boolean;
  useUnzip: boolean;
  mergeMultiple: boolean;
  /** "fail" | "warn"; anything else (the documented "ignore" included) only logs */
  ifNoArtifactFound: string;
  dryRun: boolean;
}

/**
 * Reads the inputs once. The order is the real action's: when several are bad (an empty
 * token, a boolean that is not one) the first one read is the error the step reports.
 */
export function readDawidd6Inputs(major: Dawidd6Major): Dawidd6Inputs {
  const token = core.getInput("github_token", { required: true });
  const [owner = "", repo] = core.getInput("repo", { required: true }).split("/");
  const path = core.getInput("path", { required: true });
  const name = core.getInput("name");
  const nameIsRegExp = core.getBooleanInput("name_is_regexp");
  const skipUnpack = core.getBooleanInput("skip_unpack");
  const ifNoArtifactFound = core.getInput("if_no_artifact_found");
  const useUnzip = major.useUnzip ? core.getBooleanInput("use_unzip") : false;
  const mergeMultiple = major.mergeMultiple ? core.getBooleanInput("merge_multiple") : false;
  const workflow = core.getInput("workflow");
  const search = core.getBooleanInput("workflow_search");
  const conclusion = core.getInput("workflow_conclusion");
  const pr = core.getInput("pr");
  const commit = core.getInput("commit");
  const branch = core.getInput("branch");
  const ref = major.ref ? core.getInput("ref") : undefined;
  const event = core.getInput("event");
  const runId = core.getInput("run_id");
  const runNumber = core.getInput("run_number");
  const checkArtifacts = core.getBooleanInput("check_artifacts");
  const searchArtifacts = core.getBooleanInput("search_artifacts");
  const allowForks = core.getBooleanInput("allow_forks");
  // A plain string upstream: any value, "false" too, asks for a dry run.
  const dryRun = core.getInput("dry_run") !== "";
  return {
    token,
    owner,
    // `repo: name` without a slash: upstream prints and asks for `name/undefined`.
    repo: repo ?? "undefined",
    path,
    artifacts: { name, nameIsRegExp },
    run: {
      workflow,
      search,
      conclusion,
      pr,
      commit,
      branch,
      ref,
      event,
      runId,
      runNumber,
      checkArtifacts,
      searchArtifacts,
      allowForks,
    },
    skipUnpack,
    useUnzip,
    mergeMultiple,
    ifNoArtifactFound,
    dryRun,
  };
}

/** Whether an artifact is wanted: the exact name, or a match of the name as a regular expression. */
export function isWanted(choice: ArtifactChoice, artifactName: string): boolean {
  return choice.nameIsRegExp ? new RegExp(choice.name).test(artifactName) : artifactName === choice.name;
}
