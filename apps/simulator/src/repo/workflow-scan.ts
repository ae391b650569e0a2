import { basename } from "node:path";
import { parse } from "yaml";
import { SimulatorError } from "../errors.ts";
import { BASELINE_ARTIFACT, BASELINE_PATH } from "../paths.ts";

/** How a workflow step runs perfgate. */
export interface PerfgateStep {
  /** The step's name as act reports it (its `name:`, else its `uses:`, else its run's first line). */
  name: string;
  kind: "action" | "cli";
  /** `uses:` of an action step (e.g. perfgate/perfgate@v1). */
  uses?: string;
  /** perfgate sub-commands a run step calls (establish, check, validate...). */
  commands: string[];
  with: Record<string, string>;
}

/** What the simulator needs to know about the user's workflow: its file, the job, the perfgate steps. */
export interface WorkflowScan {
  /** Path relative to the repository, e.g. .github/workflows/ci.yml. */
  file: string;
  /** The workflow file's name, as GitHub (and the download action's `workflow:` input) names it. */
  fileName: string;
  job: string;
  perfgateSteps: PerfgateStep[];
  /** Steps of the job that use an action to download the baseline (dawidd6/..., actions/download-artifact). */
  downloadSteps: string[];
  /** Name of the artifact the baseline travels in, and the baseline file's path in the work tree. */
  artifactName: string;
  baselinePath: string;
  /** Every `uses: perfgate/perfgate@<ref>` in the workflow (each is mapped to this repository's action). */
  actionRefs: string[];
  /** The perfgate config the job reads (relative to the repository). */
  configPath?: string;
}

type Dict = Record<string, unknown>;
const isDict = (v: unknown): v is Dict => typeof v === "object" && v !== null && !Array.isArray(v);

export const PERFGATE_ACTION = /^perfgate\/perfgate(@.+)?$/;
/** `perfgate check`, `npx perfgate check`, `node tools/perfgate.cjs check`, `pnpm exec perfgate establish`... */
const PERFGATE_COMMAND =
  /(?:^|[\s;&|(/"'`])perfgate(?:\.c?js)?["']?\s+(establish|check|validate|compare|import|init)\b/g;
const LOOKED_FOR =
  "a step with `uses: perfgate/perfgate@<ref>`, or a `run:` step calling `perfgate <establish|check|validate|compare>` (e.g. `npx perfgate check`, `node tools/perfgate.cjs check`)";

export function stepDisplayName(step: Dict): string {
  if (typeof step.name === "string" && step.name) return step.name;
  if (typeof step.uses === "string") return step.uses;
  if (typeof step.run === "string") return step.run.trim().split("\n")[0] ?? "run";
  return typeof step.id === "string" ? step.id : "step";
}

function perfgateStepOf(step: Dict): PerfgateStep | undefined {
  const withs: Record<string, string> = {};
  if (isDict(step.with)) for (const [k, v] of Object.entries(step.with)) withs[k] = String(v);
  if (typeof step.uses === "string" && PERFGATE_ACTION.test(step.uses)) {
    const mode = withs.mode;
    return { name: stepDisplayName(step), kind: "action", uses: step.uses, commands: mode ? [mode] : [], with: withs };
  }
  if (typeof step.run === "string") {
    const commands = [...step.run.matchAll(PERFGATE_COMMAND)].map((m) => m[1]!);
    if (commands.length > 0) return { name: stepDisplayName(step), kind: "cli", commands, with: withs };
  }
  return undefined;
}

/** Parses the workflow and finds the job that runs perfgate (or checks the one --job names). */
export function scanWorkflow(text: string, file: string, jobArg?: string): WorkflowScan {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    throw new SimulatorError(
      "WORKFLOW_INVALID",
      `workflow ${file} is not valid YAML: ${(err as Error).message}`,
      "Fix the YAML syntax at the position named above.",
    );
  }
  if (!isDict(doc) || !isDict(doc.jobs)) {
    throw new SimulatorError("WORKFLOW_INVALID", `workflow ${file} has no jobs: mapping`, "Add a jobs: section.");
  }
  const jobs = doc.jobs;
  const stepsOf = (id: string): Dict[] => {
    const def = jobs[id];
    return isDict(def) && Array.isArray(def.steps) ? def.steps.filter(isDict) : [];
  };
  const withPerfgate = Object.keys(jobs).filter((id) => stepsOf(id).some((s) => perfgateStepOf(s)));
  let job: string;
  if (jobArg) {
    if (!(jobArg in jobs)) {
      throw new SimulatorError(
        "WORKFLOW_NO_JOB",
        `workflow ${file} has no job '${jobArg}' (jobs: ${Object.keys(jobs).join(", ")})`,
        "Pass one of the job ids listed above with --job.",
      );
    }
    if (!withPerfgate.includes(jobArg)) {
      throw new SimulatorError(
        "NO_PERFGATE_STEP",
        `job '${jobArg}' of ${file} has no perfgate step: looked for ${LOOKED_FOR}`,
        withPerfgate.length
          ? `The perfgate steps are in job ${withPerfgate.map((j) => `'${j}'`).join(", ")}: pass --job ${withPerfgate[0]}.`
          : "Add the perfgate action to the job (`- uses: perfgate/perfgate@v1`; `perfgate init` writes a workflow for you).",
      );
    }
    job = jobArg;
  } else if (withPerfgate.length === 1) {
    job = withPerfgate[0]!;
  } else if (withPerfgate.length === 0) {
    throw new SimulatorError(
      "NO_PERFGATE_STEP",
      `no job of ${file} runs perfgate (searched jobs ${Object.keys(jobs).join(", ")}): looked for ${LOOKED_FOR}`,
      "Add the perfgate action to the job that benchmarks (`- uses: perfgate/perfgate@v1`), or pass the workflow that has it with --workflow.",
    );
  } else {
    throw new SimulatorError(
      "AMBIGUOUS_JOB",
      `several jobs of ${file} run perfgate: ${withPerfgate.join(", ")}`,
      `Say which one to rehearse with --job (e.g. --job ${withPerfgate[0]}).`,
    );
  }

  const steps = stepsOf(job);
  const perfgateSteps = steps.flatMap((s) => perfgateStepOf(s) ?? []);
  const downloadSteps = steps
    .filter(
      (s) =>
        typeof s.uses === "string" && /^(dawidd6\/action-download-artifact|actions\/download-artifact)@/.test(s.uses),
    )
    .map(stepDisplayName);
  const action = perfgateSteps.find((s) => s.kind === "action");
  // The baseline's artifact: the action's input, or the upload step that ships a baseline file.
  const upload = steps.find(
    (s) =>
      typeof s.uses === "string" &&
      s.uses.startsWith("actions/upload-artifact@") &&
      isDict(s.with) &&
      /baseline/i.test(`${s.with.name ?? ""} ${s.with.path ?? ""}`),
  );
  const uploadWith = upload && isDict(upload.with) ? upload.with : {};
  const artifactName =
    action?.with["artifact-name"] ?? (typeof uploadWith.name === "string" ? uploadWith.name : BASELINE_ARTIFACT);
  const uploadPath = typeof uploadWith.path === "string" ? uploadWith.path.trim().split("\n")[0] : undefined;
  const baselinePath =
    action?.with["baseline-path"] ?? (uploadPath && /\.json$/.test(uploadPath) ? uploadPath : BASELINE_PATH);

  const actionRefs = new Set<string>();
  for (const id of Object.keys(jobs)) {
    for (const s of stepsOf(id)) if (typeof s.uses === "string" && PERFGATE_ACTION.test(s.uses)) actionRefs.add(s.uses);
  }
  return {
    file,
    fileName: basename(file),
    job,
    perfgateSteps,
    downloadSteps,
    artifactName,
    baselinePath,
    actionRefs: [...actionRefs],
    ...(action?.with.config ? { configPath: action.with.config } : {}),
  };
}
