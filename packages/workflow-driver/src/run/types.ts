import { z } from "zod";

export const StandInSchema = z.object({
  /** `owner/repo@ref`, exactly as workflows write it in `uses:`. */
  uses: z.string().regex(/^[\w.-]+\/[\w.-]+@[\w./-]+$/, "expected owner/repo@ref"),
  /** Absolute directory holding the action's action.yml. */
  dir: z.string().refine((d) => d.startsWith("/"), "must be an absolute path"),
});
export type StandIn = z.infer<typeof StandInSchema>;

export const RunWorkflowOptionsSchema = z.object({
  repoDir: z.string().min(1),
  /** Path of the workflow file, relative to repoDir (or absolute). */
  workflowFile: z.string().min(1),
  job: z.string().min(1).optional(),
  event: z.enum(["push", "pull_request", "workflow_dispatch"]),
  /** Merged over the generated event payload (deeply), e.g. `{ number: 7 }` or `{ inputs: {...} }`. */
  payload: z.record(z.string(), z.unknown()).optional(),
  /** Git ref: `refs/heads/<branch>` for push; for pull_request the head branch (`refs/heads/<b>` or `<b>`). */
  ref: z.string().min(1),
  sha: z.string().regex(/^[0-9a-f]{7,40}$/, "expected a hex commit sha"),
  /** `owner/name` reported as GITHUB_REPOSITORY (default: local/<basename of repoDir>). */
  repo: z
    .string()
    .regex(/^[\w.-]+\/[\w.-]+$/)
    .optional(),
  env: z.record(z.string(), z.string()).optional(),
  secrets: z.record(z.string(), z.string()).optional(),
  standIns: z.array(StandInSchema).optional(),
  mock: z.object({
    apiUrl: z.string().url(),
    resultsUrl: z.string().url(),
    runtimeToken: z.string().min(1),
    /** The mock's run id, reported as GITHUB_RUN_ID (what upload-artifact links to). */
    runId: z.union([z.number().int(), z.string()]).optional(),
  }),
  timeoutMs: z.number().int().positive().optional(),
  onEvent: z.function().optional(),
  /** act binary and runner image; default: ensureToolchain(). */
  actPath: z.string().optional(),
  image: z.string().optional(),
  /** Where run dirs (isolated HOME, event file, log) go; default `<perfgate home>/tmp`. */
  workRoot: z.string().optional(),
  /** Aborting kills act and removes the run's containers (the CLI wires Ctrl-C to this). */
  signal: z.instanceof(AbortSignal).optional(),
  /**
   * Leave the job containers in place after the run (for debugging: `docker exec` into them).
   * They carry the run label and are removed before the next run of the same workflow.
   * An interrupted run still removes them.
   */
  keepContainers: z.boolean().optional(),
});

export type RunWorkflowOptions = Omit<z.input<typeof RunWorkflowOptionsSchema>, "onEvent"> & {
  onEvent?: (event: RunEvent) => void;
};

export type StepResultValue = "success" | "failure" | "skipped" | "cancelled";

export interface Annotation {
  level: "error" | "warning" | "notice";
  message: string;
  file?: string;
  line?: number;
  title?: string;
}

export interface StepResult {
  name: string;
  /** The step's `id:`, or its index as act numbers unnamed steps. */
  id: string;
  /** The step's outcome (GitHub's `steps.<id>.outcome`). */
  result: StepResultValue;
  /** True when the step failed but `continue-on-error` let the job go on. */
  continueOnError: boolean;
  durationMs: number;
  outputs: Record<string, string>;
  annotations: Annotation[];
  summary: string;
  log: string;
}

export interface JobResult {
  id: string;
  name: string;
  result: StepResultValue;
  durationMs: number;
  steps: StepResult[];
}

export interface RunResult {
  exitCode: number;
  jobs: JobResult[];
  /** Every line act printed (JSON lines as they came), for humans. */
  logFile: string;
}

export type RunEvent =
  | { type: "run-start"; runKey: string; args: string[] }
  | { type: "job-start"; job: string }
  | { type: "step-start"; job: string; step: string }
  | { type: "log"; job: string; step?: string; line: string }
  | { type: "annotation"; job: string; step?: string; annotation: Annotation }
  | { type: "step-end"; job: string; step: string; result: StepResultValue; durationMs: number }
  | { type: "job-end"; job: string; result: StepResultValue; durationMs: number }
  | { type: "cleanup"; removedContainers: string[] };
