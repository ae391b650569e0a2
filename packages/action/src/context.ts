import { readFileSync } from "node:fs";
import { ActionError } from "./errors.ts";
import type { ActionInputs, Mode } from "./inputs.ts";

/** What the runner tells an action about the run, from its environment variables. */
export interface RunContext {
  event: string;
  ref: string;
  repo: string;
  runId: string;
  workspace: string;
  apiUrl: string;
  /** The pull request's base commit, when the event has one. */
  baseSha?: string;
}

export function readContext(env: NodeJS.ProcessEnv = process.env): RunContext {
  const repo = env["GITHUB_REPOSITORY"] ?? "";
  if (!/^[\w.-]+\/[\w.-]+$/.test(repo)) {
    throw new ActionError(
      "NOT_IN_ACTIONS",
      `GITHUB_REPOSITORY is ${repo ? `'${repo}', not owner/name` : "not set"}`,
      "run the action inside a GitHub Actions job (`uses: perfgate/perfgate@v1`); locally, use the `perfgate` CLI",
    );
  }
  let baseSha: string | undefined;
  try {
    const payload = JSON.parse(readFileSync(env["GITHUB_EVENT_PATH"] ?? "", "utf8")) as {
      pull_request?: { base?: { sha?: string } };
    };
    baseSha = payload.pull_request?.base?.sha;
  } catch {
    // No event file (or not JSON): the base commit is simply unknown.
  }
  return {
    event: env["GITHUB_EVENT_NAME"] ?? "",
    ref: env["GITHUB_REF"] ?? "",
    repo,
    runId: env["GITHUB_RUN_ID"] ?? "",
    workspace: env["GITHUB_WORKSPACE"] || process.cwd(),
    apiUrl: env["GITHUB_API_URL"] || "https://api.github.com",
    ...(baseSha ? { baseSha } : {}),
  };
}

/**
 * auto: a push to the main branch establishes (and uploads) the baseline; everything else
 * (pull requests, other branches, manual runs) is checked against main's newest baseline.
 */
export function resolveMode(
  mode: Mode,
  ctx: RunContext,
  inputs: Pick<ActionInputs, "mainBranch">,
): "check" | "establish" {
  if (mode !== "auto") return mode;
  return ctx.event === "push" && ctx.ref === `refs/heads/${inputs.mainBranch}` ? "establish" : "check";
}
