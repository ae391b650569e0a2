import { existsSync } from "node:fs";
import { appendFile, mkdir } from "node:fs/promises";
import path from "node:path";
import * as core from "@actions/core";
import { uploadArtifact } from "@perfgate/artifact-client";
import { checkAgainstMain, type Paths } from "./check.ts";
import { establishArgs } from "./cli-args.ts";
import { readContext, resolveMode, type RunContext } from "./context.ts";
import { ActionError } from "./errors.ts";
import { type ActionInputs, readInputs } from "./inputs.ts";
import { forwardStopSignals, runPerfgate } from "./perfgate-cli.ts";
import type { Status } from "./verdict.ts";

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
