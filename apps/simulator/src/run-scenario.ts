import { spawn } from "node:child_process";
import { chmodSync, copyFileSync } from "node:fs";
import { rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { type RunEvent, type RunResult, runWorkflow, type StandIn } from "@perfgate/workflow-driver";
import { latestUsableBaseline, probeBaseline, publishMainBaseline } from "./baseline-store.ts";
import { evaluateChecklist, type ScenarioFacts } from "./checklist/types.ts";
import type { MockSession } from "./mock-session.ts";
import type { Progress } from "./progress.ts";
import type { ScenarioReport } from "./report.ts";
import type { PrepareContext, Scenario } from "./scenarios/types.ts";
import type { StateLayout } from "./state-dir.ts";
import { type RunTarget, sampleTarget } from "./target.ts";
import { listWorkflowFiles } from "./workflow-files.ts";
import type { WorkflowSpec } from "./workflows.ts";

export interface RunContext {
  layout: StateLayout;
  mock: MockSession;
  progress: Progress;
  keep: boolean;
  timeoutMs: number;
  /** The sample workflow this run replays (with --repo: the user's, as the report names it). */
  workflow: WorkflowSpec;
  /** Actions mapped with --local-repository (default: the driver's stand-ins). */
  standIns?: StandIn[];
  /** The repository the scenarios run on: the sample (default) or a user's (`--repo`). */
  target?: RunTarget;
  /**
   * Called after each workflow run with act's own time and arguments (the bench replays them as
   * raw act). Setting it also keeps a copy of act's env file (mode 0600) that `args` point to;
   * the callee deletes it.
   */
  onActRun?: (info: ActRunInfo) => Promise<void> | void;
}

/** act deletes nothing, but the driver removes its env file after the run: keep a private copy. */
function keepEnvFile(args: string[], dir: string, runKey: string): string[] {
  const i = args.indexOf("--env-file");
  if (i < 0 || !args[i + 1]) return args;
  const copy = join(dir, `replay-${runKey}.env`);
  copyFileSync(args[i + 1]!, copy);
  chmodSync(copy, 0o600);
  return args.map((a, j) => (j === i + 1 ? copy : a));
}

export interface ActRunInfo {
  scenario: string;
  actMs: number;
  args: string[];
  repoDir: string;
  result: RunResult;
}

let prNumber = 0;

/** One scenario (and its follow-up PR, if it has one), as one report. */
export async function runScenario(scenario: Scenario, ctx: RunContext): Promise<ScenarioReport> {
  const first = await runOnce(scenario, ctx, scenario.name);
  if (!scenario.followUp) return first;
  const second = await runOnce({ ...scenario, ...scenario.followUp, followUp: undefined }, ctx, `${scenario.name}-2`);
  return {
    ...first,
    passed: first.passed && second.passed,
    durationMs: first.durationMs + second.durationMs,
    items: [...first.items, ...second.items],
  };
}

/**
 * A CPU spinner that also ends when its parent does (it is re-parented, so its ppid changes):
 * a simulator killed outright (SIGKILL, no finally) leaves no busy process behind.
 */
const SPINNER =
  "const p = process.ppid; for (let i = 1; ; i++) if (i % 5e7 === 0 && process.ppid !== p) process.exit(0);";

/** Busy neighbours on this machine for the length of a run (the job's container shares its CPUs). */
function startSpinners(count: number): () => void {
  const children = Array.from({ length: count }, () => spawn(process.execPath, ["-e", SPINNER], { stdio: "ignore" }));
  return () => {
    for (const c of children) c.kill("SIGKILL");
  };
}

/** One workflow run, start to end: work copy, registered run, act, completed run, facts, checklist. */
async function runOnce(scenario: Scenario, ctx: RunContext, factsName: string): Promise<ScenarioReport> {
  const started = performance.now();
  const { mock, progress } = ctx;
  const target = ctx.target ?? sampleTarget(ctx.workflow, ctx.standIns);
  const where = target.baseline;
  progress.scenario(scenario.name, `${target.title?.(scenario) ?? scenario.title} [${ctx.workflow.file}]`);

  const prepareCtx: PrepareContext = {
    mock,
    latestBaselineText: async () => (await latestUsableBaseline(mock, where))?.text ?? null,
    publishMainBaseline: async (text, why) => {
      const id = await publishMainBaseline(mock, text, where);
      progress.note(`published a main run whose performance-baseline artifact #${id} holds ${why}`);
      return id;
    },
    note: (m) => progress.note(m),
  };
  const prepared = scenario.prepare ? await scenario.prepare(prepareCtx) : undefined;

  const copy = await target.workCopy(scenario, ctx.layout.workDir);
  progress.note(`work copy ${copy.dir} (${copy.branch} @ ${copy.sha.slice(0, 7)})`);
  // GitHub knows every workflow file of the repository, not only those that ran: a step that
  // looks up another workflow's runs gets 200 with total_count 0, not 404.
  await mock.registerWorkflows(where.repo, await listWorkflowFiles(copy.dir));
  const pullNumber = scenario.event === "pull_request" ? ++prNumber : undefined;
  const { id: runId, runtimeToken } = await mock.registerRun({
    repo: where.repo,
    workflow: where.workflow,
    branch: copy.branch,
    event: scenario.event,
    sha: copy.sha,
    ...(pullNumber ? { pullNumber } : {}),
  });
  progress.note(`registered run #${runId} (${scenario.event} on ${copy.branch}) in the mock at ${mock.url}`);

  let actStart = 0;
  let args: string[] = [];
  let result: RunResult;
  const stopSpinners = startSpinners(scenario.spinners ?? 0);
  if (scenario.spinners) progress.note(`${scenario.spinners} CPU spinner(s) run on this machine beside the workflow`);
  try {
    result = await runWorkflow({
      repoDir: copy.dir,
      workflowFile: target.workflowFile,
      ...(target.runJob ? { job: target.runJob } : {}),
      ...(target.standIns ? { standIns: target.standIns } : {}),
      event: scenario.event,
      ref: scenario.event === "push" ? `refs/heads/${copy.branch}` : copy.branch,
      sha: copy.sha,
      repo: where.repo,
      ...(pullNumber ? { payload: { number: pullNumber } } : {}),
      mock: { apiUrl: mock.url, resultsUrl: `${mock.url}/`, runtimeToken, runId },
      workRoot: ctx.layout.workDir,
      timeoutMs: ctx.timeoutMs,
      // --keep: the job containers stay too, for `docker exec`; the next run of a scenario removes them.
      keepContainers: ctx.keep,
      onEvent: (e: RunEvent) => {
        if (e.type === "run-start") {
          actStart = performance.now();
          args = ctx.onActRun ? keepEnvFile(e.args, ctx.layout.workDir, e.runKey) : e.args;
        }
        progress.event(e);
      },
    });
  } catch (err) {
    await mock.completeRun(runId, "cancelled").catch(() => {});
    if (!ctx.keep) await rm(copy.dir, { recursive: true, force: true });
    throw err;
  } finally {
    stopSpinners();
  }
  const actMs = performance.now() - actStart;
  const perf = result.jobs.find((j) => j.id === target.job);
  await mock.completeRun(runId, result.exitCode === 0 && perf?.result === "success" ? "success" : "failure");
  try {
    target.afterRun?.(result);
  } catch (err) {
    progress.note(`kept ${copy.dir} and act's log ${result.logFile}`);
    throw err;
  }

  const store = await mock.state();
  const facts: ScenarioFacts = {
    scenario: scenario.name,
    workflow: ctx.workflow.file,
    runId,
    result,
    store,
    benchmarks: target.benchmarks,
    ...(scenario.slowed ? { slowed: scenario.slowed } : {}),
    ...(target.expectedRegressed(scenario) ? { expectedRegressed: target.expectedRegressed(scenario) } : {}),
    ...(prepared ? { preparedArtifactIds: prepared } : {}),
  };
  if (scenario.name === "main") {
    const uploaded = store.artifacts.find((a) => a.runId === runId && a.name === where.artifact);
    if (uploaded) facts.uploadedBaseline = await probeBaseline(mock, uploaded.id, where);
  }
  await writeFile(
    join(ctx.layout.factsDir, `${factsName}${ctx.workflow.kind === "seed" ? "" : `.${ctx.workflow.kind}`}.json`),
    `${JSON.stringify(facts, null, 1)}\n`,
  );
  await ctx.onActRun?.({ scenario: scenario.name, actMs, args, repoDir: copy.dir, result });

  const items = evaluateChecklist(target.checklist(scenario), facts);
  const passed = items.every((i) => i.passed);
  // A failed scenario keeps its work copy and act log: they are what one reads next.
  if (!ctx.keep && passed) {
    await rm(copy.dir, { recursive: true, force: true });
    await rm(dirname(result.logFile), { recursive: true, force: true });
  } else {
    progress.note(`kept ${copy.dir} and act's log ${result.logFile}`);
  }
  const durationMs = performance.now() - started;
  progress.done(scenario.name, passed, durationMs, items);
  return { name: scenario.name, workflow: ctx.workflow.file, passed, durationMs, items };
}
