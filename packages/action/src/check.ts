import { mkdir } from "node:fs/promises";
import path from "node:path";
import * as core from "@actions/core";
import { checkArgs, establishArgs } from "./cli-args.ts";
import type { RunContext } from "./context.ts";
import { ActionError } from "./errors.ts";
import { ensureCommit, hasCommit, isShallowClone } from "./history.ts";
import type { ActionInputs } from "./inputs.ts";
import { downloadMainBaseline, RETRY } from "./main-baseline.ts";
import { runPerfgate } from "./perfgate-cli.ts";
import { judge, type Status } from "./verdict.ts";

/** Paths the steps share: the project (config's directory) and the baseline, both absolute. */
export interface Paths {
  project: string;
  config: string;
  baseline: string;
}

/**
 * Pull request (or any other run): main's newest baseline, or a temporary one when main has none.
 * When GitHub cannot be asked at all, the PR's base commit measured beside it instead.
 */
export async function checkAgainstMain(inputs: ActionInputs, ctx: RunContext, p: Paths): Promise<Status> {
  if (!inputs.githubToken) {
    throw new ActionError(
      "NO_TOKEN",
      "input github-token is empty: the action needs it to find main's baseline artifact",
      `leave \`github-token\` at its default (\`$\{{ github.token }}\`) and give the job \`permissions: actions: read\``,
    );
  }
  checkHistory(inputs, ctx);

  core.startGroup(`Download baseline from ${inputs.mainBranch} branch`);
  await mkdir(path.dirname(p.baseline), { recursive: true });
  const main = await downloadMainBaseline({
    repo: ctx.repo,
    workflow: inputs.workflow,
    runId: ctx.runId,
    branch: inputs.mainBranch,
    name: inputs.artifactName,
    token: inputs.githubToken,
    apiUrl: ctx.apiUrl,
    dest: path.dirname(p.baseline),
    log: (l) => core.info(l),
  });
  core.endGroup();
  if (main.kind === "unavailable") return checkAgainstBaseCommit(inputs, ctx, p, main.reason);
  if (main.kind === "found") core.setOutput("baseline-artifact-id", String(main.artifactId));
  else core.warning(`No baseline artifact from ${inputs.mainBranch}: ${main.reason}`, { title: "perfgate" });

  // `perfgate validate` says why a file is missing, empty or corrupt; each falls back the same way.
  let temporary = false;
  const valid = main.kind === "found" && (await runPerfgate(["validate", p.baseline], p.project)).exitCode === 0;
  if (valid) {
    core.info(`✅ Using baseline from ${inputs.mainBranch} branch`);
    core.setOutput("baseline-source", "main");
  } else {
    core.info(`📊 No baseline from ${inputs.mainBranch} - establishing baseline...`);
    if (main.kind === "found")
      core.warning(`The baseline from ${inputs.mainBranch} is unusable (see above): a temporary one is established`, {
        title: "perfgate",
      });
    const est = await runPerfgate(establishArgs(inputs, p.baseline), p.project);
    if (est.exitCode !== 0) {
      throw new ActionError(
        "ESTABLISH_FAILED",
        `perfgate establish failed (exit ${est.exitCode}) while making a temporary baseline`,
        "see perfgate's error and remedy above",
      );
    }
    temporary = true;
    core.setOutput("baseline-source", "temporary");
  }

  core.info("⚡ Running STRICT performance regression tests...");
  const res = await runPerfgate(checkArgs(inputs, { baseline: p.baseline }), p.project);
  return judge(
    res,
    inputs,
    { project: p.project, workspace: ctx.workspace },
    temporary ? "bootstrapped" : "passed",
    `${inputs.mainBranch}'s baseline`,
  );
}

/**
 * GitHub could not say whether main has a baseline. A temporary baseline made from the PR itself
 * would pass any PR, so the PR is compared with its base commit, measured beside it in this job
 * (no artifact needed); when that commit cannot be had either, the run says it checked nothing.
 */
async function checkAgainstBaseCommit(inputs: ActionInputs, ctx: RunContext, p: Paths, why: string): Promise<Status> {
  const reason = why.replace(/\.$/, "");
  core.warning(
    `Could not ask GitHub for main's baseline: ${reason}, after up to ${RETRY.retries + 1} tries of each request. That says nothing about main's baseline, so no temporary one is made from this run${ctx.baseSha ? ": the PR is compared with its base commit instead" : ""}.`,
    { title: "perfgate" },
  );
  const base = ctx.baseSha
    ? ensureCommit(ctx.workspace, ctx.baseSha)
    : { ok: false as const, reason: "the event names no base commit to measure instead (it is not a pull request)" };
  if (!base.ok) return unchecked(inputs, ctx, reason, base.reason);
  const sha = ctx.baseSha!;
  core.info(`📊 Measuring the base commit ${sha.slice(0, 12)} beside this PR (paired mode, no artifact needed)`);
  core.setOutput("baseline-source", "base-commit");
  core.info("⚡ Running STRICT performance regression tests...");
  const res = await runPerfgate(checkArgs(inputs, { baseSha: sha }), p.project);
  return judge(
    res,
    inputs,
    { project: p.project, workspace: ctx.workspace },
    "passed",
    `the base commit ${sha.slice(0, 12)}`,
  );
}

/** Nothing was compared: said plainly, and `on-unchecked` decides whether the job fails. */
function unchecked(inputs: ActionInputs, ctx: RunContext, why: string, baseProblem: string): Status {
  const subject = ctx.baseSha ? "This pull request" : "This run";
  const message = `${subject} was NOT checked for performance regressions: GitHub could not be asked for main's baseline (${why}), and ${baseProblem}.`;
  const remedy = `re-run the job once GitHub answers; check out with \`fetch-depth: 0\` so a PR's base commit can be measured without GitHub; \`on-unchecked: warn\` lets such a run pass with a warning`;
  core.setOutput("status", "unchecked");
  if (inputs.onUnchecked === "warn") {
    core.warning(`${message}\nremedy: ${remedy}`, { title: "perfgate NOT_CHECKED" });
    return "unchecked";
  }
  core.error(`${message}\nremedy: ${remedy}`, { title: "perfgate NOT_CHECKED" });
  process.exitCode = core.ExitCode.Failure;
  return "unchecked";
}

/**
 * A paired check measures the PR's base commit in a worktree beside it, which needs that commit
 * in the clone. `paired: required` makes a shallow clone an error; `auto` says what it costs.
 */
function checkHistory(inputs: ActionInputs, ctx: RunContext): void {
  if (!ctx.baseSha) return;
  const shallow = isShallowClone(ctx.workspace);
  const missing = shallow === true || (shallow === false && !hasCommit(ctx.workspace, ctx.baseSha));
  if (!missing) return;
  const remedy = "check out with history: `uses: actions/checkout@v4` `with: fetch-depth: 0`";
  if (inputs.paired === "required") {
    throw new ActionError(
      "SHALLOW_CLONE",
      `the pull request's base commit ${ctx.baseSha.slice(0, 12)} is not in this ${shallow ? "shallow " : ""}clone, so it cannot be measured beside the PR`,
      remedy,
    );
  }
  core.notice(
    `The base commit ${ctx.baseSha.slice(0, 12)} is not in this ${shallow ? "shallow " : ""}clone: checking against the stored baseline only. For a paired check, ${remedy}.`,
    { title: "perfgate" },
  );
}
