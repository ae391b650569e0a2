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
 * Reads the inputs once. Only the required ones and the booleans can fail (an empty token, a
 * boolean that is not one); they are read in the real action's order, so that of several bad
 * ones the same one is reported.
 */
export function readDawidd6Inputs(major: Dawidd6Major): Dawidd6Inputs {
  const token = core.getInput("github_token", { required: true });
  const [owner = "", repo] = core.getInput("repo", { required: true }).split("/");
  const path = core.getInput("path", { required: true });
  const flag = (name: string, present = true) => (present ? core.getBooleanInput(name) : false);
  const nameIsRegExp = flag("name_is_regexp");
  const skipUnpack = flag("skip_unpack");
  const useUnzip = flag("use_unzip", major.useUnzip);
  const mergeMultiple = flag("merge_multiple", major.mergeMultiple);
  const search = flag("workflow_search");
  const checkArtifacts = flag("check_artifacts");
  const searchArtifacts = flag("search_artifacts");
  const allowForks = flag("allow_forks");
  const text = (name: string) => core.getInput(name);
  return {
    token,
    owner,
    // `repo: name` without a slash: upstream prints and asks for `name/undefined`.
    repo: repo ?? "undefined",
    path,
    artifacts: { name: text("name"), nameIsRegExp },
    run: {
      workflow: text("workflow"),
      search,
      conclusion: text("workflow_conclusion"),
      pr: text("pr"),
      commit: text("commit"),
      branch: text("branch"),
      ref: major.ref ? text("ref") : undefined,
      event: text("event"),
      runId: text("run_id"),
      runNumber: text("run_number"),
      checkArtifacts,
      searchArtifacts,
      allowForks,
    },
    skipUnpack,
    useUnzip,
    mergeMultiple,
    ifNoArtifactFound: text("if_no_artifact_found"),
    // A plain string upstream: any value, "false" too, asks for a dry run.
    dryRun: text("dry_run") !== "",
  };
}

/** Whether an artifact is wanted: the exact name, or a match of the name as a regular expression. */
export function isWanted(choice: ArtifactChoice, artifactName: string): boolean {
  return choice.nameIsRegExp ? new RegExp(choice.name).test(artifactName) : artifactName === choice.name;
}
