import { existsSync, readFileSync } from "node:fs";
import { appendFile, mkdir } from "node:fs/promises";
import path from "node:path";
import * as core from "@actions/core";
import { uploadArtifact } from "@perfgate/artifact-client";
import { checkArgs, establishArgs } from "./cli-args.ts";
import { readContext, resolveMode, type RunContext } from "./context.ts";
import { ActionError } from "./errors.ts";
import { hasCommit, isShallowClone } from "./history.ts";
import { type ActionInputs, readInputs } from "./inputs.ts";
import { downloadMainBaseline } from "./main-baseline.ts";
import { forwardStopSignals, reportFiles, runPerfgate } from "./perfgate-cli.ts";

type Status = "passed" | "failed" | "bootstrapped";

/** Paths the steps share: the project (config's directory) and the baseline, both absolute. */
interface Paths {
  project: string;
  config: string;
  baseline: string;
}

function resolvePaths(inputs: ActionInputs, ctx: RunContext): Paths {
  const config = path.resolve(ctx.workspace, inputs.config);
  return { project: path.dirname(config), config, baseline: path.resolve(ctx.workspace, inputs.baselinePath) };
}

function requireConfig(p: Paths, inputs: ActionInputs): void {
  if (existsSync(p.config)) return;
  throw new ActionError(
    "NO_CONFIG",
    `no perfgate config at ${inputs.config} (looked in ${p.config})`,
    "check out the repository first (`uses: actions/checkout@v4`), then create the file with `npx perfgate init` and commit it, or point the `config:` input at it",
  );
}

async function summary(markdown: string): Promise<void> {
  const file = process.env["GITHUB_STEP_SUMMARY"];
  if (file) await appendFile(file, `${markdown}\n`).catch(() => {});
}

/** Push to main: measure, write the baseline, upload it (replacing this run's copy). */
async function establishOnMain(inputs: ActionInputs, p: Paths): Promise<Status> {
  core.info("📊 Establishing performance baseline for main branch...");
  await mkdir(path.dirname(p.baseline), { recursive: true });
  const res = await runPerfgate(establishArgs(inputs, p.baseline), p.project);
  if (res.exitCode !== 0) {
    throw new ActionError(
      "ESTABLISH_FAILED",
      `perfgate establish failed (exit ${res.exitCode}); no baseline was uploaded`,
      "see perfgate's error and remedy above; main keeps its previous baseline",
    );
  }
  const uploaded = await uploadArtifact(inputs.artifactName, [p.baseline], {
    rootDirectory: path.dirname(p.baseline),
    retentionDays: inputs.retentionDays,
    overwrite: true,
  });
  core.info(`✅ Uploaded baseline artifact '${inputs.artifactName}' #${uploaded.id} (${uploaded.size} bytes)`);
  core.setOutput("artifact-id", String(uploaded.id));
  await summary(
    `### 📊 perfgate: baseline established\n\n\`${path.basename(p.baseline)}\` uploaded as artifact \`${inputs.artifactName}\` (#${uploaded.id}, kept ${inputs.retentionDays} days); pull requests are checked against it.`,
  );
  return "passed";
}

/** Pull request (or any other run): main's newest baseline, or a temporary one, then the check. */
async function checkAgainstMain(inputs: ActionInputs, ctx: RunContext, p: Paths): Promise<Status> {
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
  if (main.found) core.setOutput("baseline-artifact-id", String(main.artifactId));
  else core.warning(`No baseline artifact from ${inputs.mainBranch}: ${main.reason}`, { title: "perfgate" });

  // `perfgate validate` says why a file is missing, empty or corrupt; each falls back the same way.
  let temporary = false;
  const valid = main.found && (await runPerfgate(["validate", p.baseline], p.project)).exitCode === 0;
  if (valid) {
    core.info(`✅ Using baseline from ${inputs.mainBranch} branch`);
    core.setOutput("baseline-source", "main");
  } else {
    core.info(`📊 No baseline from ${inputs.mainBranch} - establishing baseline...`);
    if (main.found)
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
  const reports = reportFiles(res.output).map((f) => path.resolve(p.project, f));
  const report = reports.find((f) => f.endsWith(".txt"));
  if (report) core.setOutput("report-path", path.relative(ctx.workspace, report) || report);
  const regressed = regressedNames(res.output, reports);
  core.setOutput("regressed", regressed.join(","));
  await uploadReports(inputs, reports);

  if (res.exitCode === 0) {
    core.info("✅ Performance within acceptable limits");
    return temporary ? "bootstrapped" : "passed";
  }
  if (res.exitCode === 1) {
    core.info(`❌ BLOCKING: Performance regression > ${inputs.threshold}% detected`);
    core.info("📊 Review performance report for details");
    core.info("🛑 This PR cannot be merged until performance is restored");
    core.setOutput("status", "failed");
    core.setFailed(`Performance regression detected${regressed.length ? `: ${regressed.join(", ")}` : ""}`);
    return "failed";
  }
  core.setOutput("status", "failed");
  throw new ActionError(
    "CHECK_UNUSABLE",
    `perfgate check could not decide (exit ${res.exitCode})`,
    "see perfgate's error and remedy above",
  );
}

/**
 * Benchmarks the check called regressed: from its analysis report (regression_check_*.json), else
 * from its `::error title=Performance regression: <name>::` annotations (the title escaped as the
 * runner expects: `:` is `%3A`).
 */
function regressedNames(output: string, reports: string[]): string[] {
  const analysis = reports.find((f) => /regression_check_[^/]*\.json$/.test(f));
  if (analysis) {
    try {
      const doc = JSON.parse(readFileSync(analysis, "utf8")) as { regressed?: unknown };
      if (Array.isArray(doc.regressed)) return doc.regressed.map(String);
    } catch {
      // fall through to the annotations
    }
  }
  const unescapeProperty = (t: string) =>
    t.replace(/%3A/g, ":").replace(/%2C/g, ",").replace(/%0D/g, "\r").replace(/%0A/g, "\n").replace(/%25/g, "%");
  const names = [...output.matchAll(/^::error title=Performance regression(?::|%3A) (.+?)::/gm)].map((m) =>
    unescapeProperty(m[1]!).trim(),
  );
  return [...new Set(names)];
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

/** The check's report files as one artifact; a failed upload is a warning, never a changed verdict. */
async function uploadReports(inputs: ActionInputs, files: string[]): Promise<void> {
  const present = files.filter((f) => existsSync(f));
  if (present.length === 0) return;
  try {
    const res = await uploadArtifact(inputs.reportsArtifactName, present, {
      retentionDays: inputs.retentionDays,
      overwrite: true,
    });
    core.info(`Uploaded ${present.length} report file(s) as artifact '${inputs.reportsArtifactName}' #${res.id}`);
    core.setOutput("reports-artifact-id", String(res.id));
  } catch (err) {
    core.warning(`Could not upload the reports: ${(err as Error).message}`, { title: "perfgate" });
  }
}

export async function run(): Promise<void> {
  forwardStopSignals((signal, stoppedChild) => {
    core.info(
      `perfgate was stopped by ${signal}${stoppedChild ? ": the perfgate command it ran was stopped with it and has exited" : ""}; nothing was decided`,
    );
  });
  try {
    const inputs = readInputs((name) => core.getInput(name));
    const ctx = readContext();
    const p = resolvePaths(inputs, ctx);
    requireConfig(p, inputs);
    const mode = resolveMode(inputs.mode, ctx, inputs);
    core.info(`perfgate: ${mode} (event ${ctx.event || "?"}, ref ${ctx.ref || "?"}, mode input ${inputs.mode})`);
    const status = mode === "establish" ? await establishOnMain(inputs, p) : await checkAgainstMain(inputs, ctx, p);
    core.setOutput("status", status);
  } catch (err) {
    core.setOutput("status", "failed");
    if (err instanceof ActionError) {
      // One annotation with the code in its title; setFailed would add a second, untitled one.
      core.error(`${err.message}\nremedy: ${err.remedy}`, { title: `perfgate ${err.code}` });
      process.exitCode = core.ExitCode.Failure;
    } else {
      const e = err as Error & { code?: string; remedy?: string };
      core.setFailed(`perfgate: ${e.message ?? String(err)}${e.remedy ? ` (remedy: ${e.remedy})` : ""}`);
    }
  }
}

run();
