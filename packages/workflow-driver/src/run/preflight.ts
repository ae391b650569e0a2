import { readFile, realpath } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, posix, relative, resolve, sep } from "node:path";
import { parse } from "yaml";
import { PreflightError } from "./errors.ts";
import type { StandIn } from "./types.ts";

/** runs-on labels the driver maps to the local runner image (`-P label=image`). */
export const RUNNER_LABELS = ["ubuntu-latest", "ubuntu-22.04", "ubuntu-24.04"] as const;

export interface PlannedStep {
  /** act's step id: the `id:` or the step's index. */
  id: string;
  name: string;
  uses?: string;
}

export interface PlannedJob {
  id: string;
  name: string;
  needs: string[];
  steps: PlannedStep[];
}

export interface WorkflowPlan {
  /** The workflow's `name:` (act uses it, sanitised, as the prefix of container names). */
  name: string;
  jobs: PlannedJob[];
  /** Every `uses:` of the jobs that will run, in order of appearance. */
  uses: { job: string; step: string; uses: string }[];
}

type Dict = Record<string, unknown>;
const isDict = (v: unknown): v is Dict => typeof v === "object" && v !== null && !Array.isArray(v);

/** A checked workflow, and the stand-ins act maps for it (release refs resolved to their major's). */
export interface PreflightResult extends WorkflowPlan {
  standIns: StandIn[];
}

/** Parses the workflow and checks everything act would need the network (or a real runner) for. */
export async function preflight(
  workflowPath: string,
  opts: { job?: string; standIns: StandIn[]; repoDir?: string },
): Promise<PreflightResult> {
  let text: string;
  try {
    text = await readFile(workflowPath, "utf8");
  } catch {
    throw new PreflightError(
      "WORKFLOW_NOT_FOUND",
      `workflow file ${workflowPath} does not exist`,
      "Pass workflowFile relative to repoDir, e.g. .github/workflows/ci.yml.",
    );
  }
  const plan = planWorkflow(text, workflowPath, opts.job);
  const standIns = checkUses(plan, opts.standIns);
  await checkLocalActions(plan, opts.repoDir ?? repoOf(workflowPath));
  return { ...plan, standIns };
}

/** `<repo>/.github/workflows/x.yml` -> `<repo>`; any other location: the workflow's folder. */
function repoOf(workflowPath: string): string {
  const dir = dirname(resolve(workflowPath));
  const tail = `${sep}.github${sep}workflows`;
  return dir.endsWith(tail) ? dir.slice(0, -tail.length) : dir;
}

/**
 * A local action (`./path`) is read by act from the host: it must stay inside the repository,
 * lexically and after following links, or a workflow could run any action.yml on the machine.
 */
async function checkLocalActions(plan: WorkflowPlan, repoDir: string): Promise<void> {
  const root = resolve(repoDir);
  const realRoot = await realpath(root).catch(() => root);
  for (const u of plan.uses) {
    if (!u.uses.startsWith("./")) continue;
    const local = u.uses.replace(/@.*$/, "");
    const normal = posix.normalize(local);
    const refuse = (why: string) =>
      new PreflightError(
        "LOCAL_ACTION_OUTSIDE_REPO",
        `step '${u.step}' uses ${u.uses}, a local action path that ${why}`,
        `A local action must be a folder inside the repository (${root}), e.g. uses: ./.github/actions/my-action; fix the path in step '${u.step}'.`,
      );
    if (normal === ".." || normal.startsWith("../") || local.includes("\0")) {
      throw refuse("climbs out of the repository");
    }
    const target = join(root, normal);
    const real = await realpath(target).catch(() => undefined);
    if (real !== undefined) {
      const rel = relative(realRoot, real);
      if (rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
        throw refuse(`leads outside the repository through a link (to ${real})`);
      }
    }
  }
}

/** Pure part of preflight: YAML text -> jobs and steps that will run. */
export function planWorkflow(text: string, workflowPath: string, job?: string): WorkflowPlan {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    throw new PreflightError(
      "WORKFLOW_INVALID",
      `workflow ${workflowPath} is not valid YAML: ${(err as Error).message}`,
      "Fix the YAML syntax at the position named above.",
    );
  }
  if (!isDict(doc) || !isDict(doc.jobs)) {
    throw new PreflightError(
      "WORKFLOW_INVALID",
      `workflow ${workflowPath} has no jobs: mapping`,
      "Add a jobs: section.",
    );
  }
  const allJobs = doc.jobs;
  const selected = selectJobs(allJobs, job, workflowPath);
  const jobs: PlannedJob[] = [];
  const uses: WorkflowPlan["uses"] = [];
  for (const id of selected) {
    const def = allJobs[id];
    if (!isDict(def))
      throw new PreflightError("WORKFLOW_INVALID", `job '${id}' is not a mapping`, "Give the job runs-on: and steps:.");
    checkRunsOn(id, def);
    for (const n of needsOf(def)) {
      if (!(n in allJobs)) {
        throw new PreflightError(
          "WORKFLOW_INVALID",
          `job '${id}' needs '${n}', which is not a job of this workflow (jobs: ${Object.keys(allJobs).join(", ")})`,
          "Fix the job id in needs:.",
        );
      }
    }
    if (typeof def.uses === "string") uses.push({ job: id, step: `(job ${id})`, uses: def.uses });
    const steps = (Array.isArray(def.steps) ? def.steps : []).map((s: unknown, i: number): PlannedStep => {
      const step = isDict(s) ? s : {};
      const stepUses = typeof step.uses === "string" ? step.uses : undefined;
      const name = stepName(step, stepUses);
      if (stepUses && !isCheckoutOfSelf(stepUses, step)) uses.push({ job: id, step: name, uses: stepUses });
      return { id: typeof step.id === "string" ? step.id : String(i), name, ...(stepUses ? { uses: stepUses } : {}) };
    });
    jobs.push({ id, name: typeof def.name === "string" ? def.name : id, needs: needsOf(def), steps });
  }
  const name = typeof doc.name === "string" && doc.name ? doc.name : basename(workflowPath);
  return { name, jobs, uses };
}

function selectJobs(allJobs: Dict, job: string | undefined, workflowPath: string): string[] {
  if (!job) return Object.keys(allJobs);
  if (!(job in allJobs)) {
    throw new PreflightError(
      "UNKNOWN_JOB",
      `workflow ${workflowPath} has no job '${job}' (jobs: ${Object.keys(allJobs).join(", ")})`,
      "Pass one of the job ids listed above.",
    );
  }
  // act -j runs the job together with the jobs it needs, so those are checked too.
  const out = new Set<string>();
  const visit = (id: string) => {
    if (out.has(id) || !isDict(allJobs[id])) return;
    for (const n of needsOf(allJobs[id] as Dict)) visit(n);
    out.add(id);
  };
  visit(job);
  return [...out];
}

function needsOf(def: Dict): string[] {
  if (typeof def.needs === "string") return [def.needs];
  return Array.isArray(def.needs) ? def.needs.filter((n): n is string => typeof n === "string") : [];
}

function stepName(step: Dict, uses: string | undefined): string {
  if (typeof step.name === "string" && step.name) return step.name;
  if (uses) return uses;
  if (typeof step.run === "string") return step.run.trim().split("\n")[0] ?? "run";
  return typeof step.id === "string" ? step.id : "step";
}

/** act copies the local working tree instead of running actions/checkout of the repository itself. */
function isCheckoutOfSelf(uses: string, step: Dict): boolean {
  if (!/^actions\/checkout@/.test(uses)) return false;
  const withs = isDict(step.with) ? step.with : {};
  const repo = withs.repository;
  return repo === undefined || (typeof repo === "string" && /^\$\{\{\s*github\.repository\s*\}\}$/.test(repo));
}

function checkRunsOn(id: string, def: Dict): void {
  if (def.uses !== undefined) return; // a reusable-workflow call has no runs-on
  const labels = runsOnLabels(def["runs-on"], def);
  const unknown = labels.filter((l) => !(RUNNER_LABELS as readonly string[]).includes(l));
  if (labels.length === 0 || unknown.length > 0) {
    const shown = labels.length === 0 ? "(none)" : unknown.join(", ");
    throw new PreflightError(
      "UNKNOWN_RUNNER_LABEL",
      `job '${id}' runs on ${shown}, which has no local runner image (act would silently skip the job)`,
      `Use one of ${RUNNER_LABELS.join(", ")} in runs-on.`,
    );
  }
}

function runsOnLabels(runsOn: unknown, def: Dict): string[] {
  const raw: unknown[] = Array.isArray(runsOn) ? runsOn : isDict(runsOn) ? [runsOn.labels].flat() : [runsOn];
  const out: string[] = [];
  for (const v of raw) {
    if (typeof v !== "string") continue;
    const m = /^\$\{\{\s*matrix\.([\w-]+)\s*\}\}$/.exec(v.trim());
    if (m) {
      // Resolve the common `runs-on: ${{ matrix.os }}` form from the matrix values.
      const matrix = isDict(def.strategy) && isDict(def.strategy.matrix) ? def.strategy.matrix : {};
      const values = matrix[m[1]!];
      out.push(...(Array.isArray(values) ? values.map(String) : [v]));
    } else out.push(v);
  }
  return out;
}

/**
 * A release ref (`@v4.6.2`, `@v4.6`) runs the stand-in of its major (`@v4`), as GitHub's `v4`
 * tag moves along that major's releases; a commit SHA or a branch names no major, so it is refused.
 */
const RELEASE_REF = /^(v\d+)(?:\.\d+){1,2}$/;

/**
 * Every `uses:` must be mapped: an action of the repository itself, a stand-in, or a release of a
 * major a stand-in covers. Returns the stand-ins act maps for this run (the given ones plus the
 * release refs the workflow names, each pointing at its major's directory).
 */
function checkUses(plan: WorkflowPlan, standIns: StandIn[]): StandIn[] {
  const byUses = new Map(standIns.map((s) => [s.uses, s]));
  const mapped = [...standIns];
  for (const u of plan.uses) {
    if (u.uses.startsWith("./")) continue; // an action inside the repository itself
    if (byUses.has(u.uses)) continue;
    const [action = "", ref = ""] = u.uses.split("@");
    const major = RELEASE_REF.exec(ref)?.[1];
    const majorStandIn = major ? byUses.get(`${action}@${major}`) : undefined;
    if (majorStandIn) {
      const release = { uses: u.uses, dir: majorStandIn.dir };
      byUses.set(u.uses, release);
      mapped.push(release);
      continue;
    }
    const covered = standIns.filter((s) => s.uses.split("@")[0] === action).map((s) => `@${s.uses.split("@")[1]}`);
    if (covered.length > 0) {
      // The action has stand-ins, only not for this ref: say which majors are covered.
      const pinned = /^[0-9a-f]{40}$/i.test(ref) ? " (a commit SHA names no release: pin the major tag instead)" : "";
      throw new PreflightError(
        "UNMAPPED_ACTION",
        `step '${u.step}' uses ${u.uses}, which cannot be fetched offline; the stand-ins cover ${action} ${covered.join(", ")}${pinned}`,
        `Use one of ${covered.map((c) => action + c).join(", ")}, or add a stand-in for ${u.uses} to standIns (see packages/stand-ins/README.md).`,
      );
    }
    throw new PreflightError(
      "UNMAPPED_ACTION",
      `step '${u.step}' uses ${u.uses}, which cannot be fetched offline; add a stand-in`,
      `Add a stand-in action directory for ${u.uses} to standIns (see packages/stand-ins/README.md).`,
    );
  }
  return mapped;
}
