import { randomUUID } from "node:crypto";
import path from "node:path";
import { StoreRequestError } from "../errors.ts";
import type { Conclusion, RunRecord, WorkflowRecord } from "../state.ts";
import type { Clock } from "./clock.ts";
import type { StateContext } from "./persistence.ts";

export type RunFilter = {
  repo: string;
  workflowId?: number;
  branch?: string;
  event?: string;
  headSha?: string;
  status?: string;
};
export type RegisterRunInput = {
  repo: string;
  workflow: string;
  branch: string;
  event: string;
  sha: string;
  pullNumber?: number | null;
  /** `owner/name` of the fork the head commit is in (a fork's pull_request run); default: `repo`. */
  headRepository?: string | null;
};

/** Workflow files and their runs. */
export function createRuns(ctx: StateContext, clock: Clock) {
  const { iso } = clock;

  function workflowFor(repo: string, file: string, name?: string): WorkflowRecord {
    let wf = ctx.state.workflows.find((w) => w.repo === repo && w.file === file);
    if (!wf) {
      wf = { id: ctx.state.nextWorkflowId++, repo, file, createdAt: iso(), lastRunNumber: 0 };
      ctx.state.workflows.push(wf);
    }
    if (name) wf.name = name;
    return wf;
  }

  function requireRun(id: number): RunRecord {
    const run = ctx.state.runs.find((r) => r.id === id);
    if (!run) throw new StoreRequestError(404, "not_found", `No workflow run with id ${id}.`);
    return run;
  }

  return {
    requireRun,

    /** A new run, `in_progress`, numbered within its workflow (which it registers if need be). */
    registerRun(input: RegisterRunInput): RunRecord {
      const workflow = path.posix.basename(input.workflow);
      const wf = workflowFor(input.repo, workflow);
      wf.lastRunNumber += 1;
      const run: RunRecord = {
        id: ctx.state.nextRunId++,
        repo: input.repo,
        workflow,
        workflowId: wf.id,
        runNumber: wf.lastRunNumber,
        branch: input.branch,
        sha: input.sha,
        event: input.event,
        pullNumber: input.pullNumber ?? null,
        headRepository: input.headRepository && input.headRepository !== input.repo ? input.headRepository : null,
        status: "in_progress",
        conclusion: null,
        createdAt: iso(),
        updatedAt: iso(),
        backendId: randomUUID(),
        jobBackendId: randomUUID(),
      };
      ctx.state.runs.push(run);
      ctx.save();
      return run;
    },

    completeRun(id: number, conclusion: Conclusion): RunRecord {
      const run = requireRun(id);
      run.status = "completed";
      run.conclusion = conclusion;
      run.updatedAt = iso();
      ctx.save();
      return run;
    },

    getRun: (id: number): RunRecord | undefined => ctx.state.runs.find((r) => r.id === id),

    /** Runs newest first. `status` matches a status or a conclusion, as GitHub's filter does. */
    listRuns(filter: RunFilter): RunRecord[] {
      return ctx.state.runs
        .filter(
          (r) =>
            r.repo === filter.repo &&
            (filter.workflowId === undefined || r.workflowId === filter.workflowId) &&
            (filter.branch === undefined || r.branch === filter.branch) &&
            (filter.event === undefined || r.event === filter.event) &&
            (filter.headSha === undefined || r.sha === filter.headSha) &&
            (filter.status === undefined || r.status === filter.status || r.conclusion === filter.status),
        )
        .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || b.id - a.id);
    },

    /**
     * The repository's workflow files, as GitHub knows them from `.github/workflows/`: a known
     * file with no runs lists zero runs, an unknown one is 404.
     */
    registerWorkflows(repo: string, workflows: { file: string; name?: string }[]): WorkflowRecord[] {
      const records = workflows.map((w) => workflowFor(repo, path.posix.basename(w.file), w.name));
      ctx.save();
      return records;
    },

    listWorkflows: (repo: string): WorkflowRecord[] => ctx.state.workflows.filter((w) => w.repo === repo),

    findWorkflow(repo: string, idOrFile: string): WorkflowRecord | undefined {
      return ctx.state.workflows.find(
        (w) => w.repo === repo && (String(w.id) === idOrFile || w.file === path.posix.basename(idOrFile)),
      );
    },
  };
}
