import { DriverError, PreflightError, ToolchainError } from "@perfgate/workflow-driver";
import { latestUsableBaseline } from "./baseline-store.ts";
import { SimulatorError } from "./errors.ts";
import { openMockSession } from "./mock-session.ts";
import type { Progress } from "./progress.ts";
import { buildReport, type Report, type ScenarioReport, writeReport } from "./report.ts";
import { type RunContext, runScenario } from "./run-scenario.ts";
import { SCENARIOS, type ScenarioName } from "./scenarios/index.ts";
import { assertStateFree, ensureStateDirs, resetState, stateLayout } from "./state-dir.ts";
import { defaultStandIns } from "@perfgate/workflow-driver";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { stageActionRelease, WORKFLOWS, type WorkflowSpec } from "./workflows.ts";
import { sampleTarget } from "./target.ts";

export interface SimulateOptions {
  stateDir: string;
  reset?: boolean;
  keep?: boolean;
  progress: Progress;
  timeoutMs?: number;
  onActRun?: RunContext["onActRun"];
  /** A user's repository (`--repo`); default: the sample. */
  target?: RunContext["target"];
  /** The sample workflows to replay every scenario with, in order (default: all of them). */
  workflows?: WorkflowSpec[];
}

/** Runs scenarios in order against one mock GitHub persisted in the state dir; writes the report there. */
export async function simulate(names: ScenarioName[], opts: SimulateOptions): Promise<Report> {
  const layout = stateLayout(opts.stateDir);
  if (opts.reset) {
    const removed = await resetState(layout);
    opts.progress.note(`--reset: emptied ${layout.root}${removed.length ? ` (${removed.join(", ")})` : ""}`);
  }
  assertStateFree(layout);
  await ensureStateDirs(layout);
  // --repo: the user's one workflow, with the actions its target mapped (the perfgate action too).
  const workflows = opts.target ? [opts.target.workflow] : (opts.workflows ?? WORKFLOWS);
  // The action workflow's `uses: perfgate/perfgate@v1`, mapped like the driver's stand-ins.
  const releaseDir = join(layout.workDir, "perfgate-action-release");
  const standIns =
    !opts.target && workflows.some((w) => w.kind === "action")
      ? [...defaultStandIns(), await stageActionRelease(releaseDir)]
      : undefined;
  const mock = await openMockSession(layout);
  const reports: ScenarioReport[] = [];
  try {
    for (const workflow of workflows) {
      const ctx: RunContext = {
        layout,
        mock,
        progress: opts.progress,
        keep: opts.keep ?? false,
        timeoutMs: opts.timeoutMs ?? 10 * 60_000,
        onActRun: opts.onActRun,
        workflow,
        ...(standIns ? { standIns } : {}),
        ...(opts.target ? { target: opts.target } : {}),
      };
      await runAll(names, ctx, reports);
    }
  } finally {
    await mock.close();
    await rm(releaseDir, { recursive: true, force: true });
  }
  const report = buildReport(reports);
  await writeReport(layout.reportFile, report);
  return report;
}

/** Every scenario in order with one workflow, running main first where a scenario needs its baseline. */
async function runAll(names: ScenarioName[], ctx: RunContext, reports: ScenarioReport[]): Promise<void> {
  const { mock, progress } = ctx;
  for (const name of names) {
    const scenario = SCENARIOS[name];
    if (scenario.requires === "empty-store") {
      const before = await mock.state();
      await mock.restartEmpty();
      progress.note(
        `${name} starts from an empty store (removed ${before.runs.length} run(s) and ${before.artifacts.length} artifact(s)); mock now at ${mock.url}`,
      );
    } else if (
      scenario.requires === "baseline" &&
      !(await latestUsableBaseline(mock, (ctx.target ?? sampleTarget(ctx.workflow)).baseline))
    ) {
      progress.note(`${name}: no usable baseline from main in the store, so main runs first`);
      reports.push(await guarded("main", ctx, () => runScenario(SCENARIOS.main, ctx)));
    }
    reports.push(await guarded(name, ctx, () => runScenario(scenario, ctx)));
  }
}

/**
 * A scenario that breaks on the way (an upload refused, act failing to start) is a failed
 * scenario with the reason as evidence; problems no scenario can get past stop everything.
 */
async function guarded(name: string, ctx: RunContext, fn: () => Promise<ScenarioReport>): Promise<ScenarioReport> {
  const started = performance.now();
  try {
    return await fn();
  } catch (err) {
    if (isFatal(err)) throw err;
    const e = err as Error & { code?: string; remedy?: string };
    return {
      name,
      workflow: ctx.workflow.file,
      passed: false,
      durationMs: performance.now() - started,
      items: [
        {
          text: "Scenario runs to completion",
          passed: false,
          evidence: `${e.code ? `${e.code}: ` : ""}${e.message}${e.remedy ? ` (${e.remedy})` : ""}`,
        },
      ],
    };
  }
}

function isFatal(err: unknown): boolean {
  if (err instanceof SimulatorError)
    return ["BUNDLE_MISSING", "STATE_IN_USE", "STATE_CORRUPT", "TOOL_MISSING", "ACTION_NOT_BUILT"].includes(err.code);
  // A broken workflow file or toolchain (no Docker, act or image) fails every scenario the same way.
  if (err instanceof PreflightError || err instanceof ToolchainError) return true;
  return (
    err instanceof DriverError &&
    ["RUN_ABORTED", "ACT_START_FAILED", "STAND_IN_NOT_BUILT", "INVALID_OPTIONS"].includes(err.code)
  );
}
