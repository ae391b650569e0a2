export { buildActInvocation, RUN_LABEL_KEY } from "./act-args.ts";
export { createResultCollector, parseActLine } from "./act-log.ts";
export { findAllDriverContainers, findRunContainers, removeRunContainers } from "./containers.ts";
export { DriverError, type DriverErrorCode, PreflightError, RunInterruptedError } from "./errors.ts";
export { buildEventPayload } from "./event-payload.ts";
export { type PreflightResult, planWorkflow, preflight, RUNNER_LABELS, type WorkflowPlan } from "./preflight.ts";
export { runWorkflow } from "./run-workflow.ts";
export { defaultStandIns, standInsDir } from "./stand-ins.ts";
export type { Annotation, JobResult, RunEvent, RunResult, RunWorkflowOptions, StandIn, StepResult } from "./types.ts";
