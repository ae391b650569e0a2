import path from "node:path";
import { ActionError } from "./errors.ts";

export const MODES = ["auto", "check", "establish"] as const;
export type Mode = (typeof MODES)[number];
export const PAIRED = ["auto", "required"] as const;

export interface ActionInputs {
  threshold: number;
  runs: number;
  /** Path of perfgate.config.json relative to the workspace; its directory is the project root. */
  config: string;
  baselinePath: string;
  artifactName: string;
  reportsArtifactName: string;
  mainBranch: string;
  maxAge: string;
  retentionDays: number;
  githubToken: string;
  mode: Mode;
  /** Workflow file whose main-branch runs hold the baseline; "" = the workflow of this run. */
  workflow: string;
  paired: (typeof PAIRED)[number];
}

/** The config file names `perfgate` reads from a project directory. */
export const CONFIG_NAMES = ["perfgate.config.json", "perfgate.config.mjs", "perfgate.config.js"];

/** Read and check every input; `get` is @actions/core's getInput (or a test's map). */
export function readInputs(get: (name: string) => string): ActionInputs {
  const number = (name: string, min: number, max: number, integer: boolean) => {
    const raw = get(name).trim();
    const n = Number(raw);
    if (raw === "" || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
      throw new ActionError(
        "BAD_INPUT",
        `input ${name} must be ${integer ? "a whole number" : "a number"} from ${min} to ${max}, got '${raw}'`,
        `set \`${name}:\` in the step's \`with:\` (or remove it for the default)`,
      );
    }
    return n;
  };
  const choice = <T extends string>(name: string, choices: readonly T[]): T => {
    const raw = (get(name).trim() || choices[0]!) as T;
    if (!choices.includes(raw)) {
      throw new ActionError(
        "BAD_INPUT",
        `input ${name} must be one of ${choices.join(", ")}, got '${raw}'`,
        `set \`${name}: ${choices[0]}\` (the default) or another of those values`,
      );
    }
    return raw;
  };
  const config = get("config").trim() || "perfgate.config.json";
  if (!CONFIG_NAMES.includes(path.basename(config))) {
    throw new ActionError(
      "BAD_INPUT",
      `input config must name a file called ${CONFIG_NAMES.join(", ")} (perfgate reads it from its directory), got '${config}'`,
      "rename the file, or point `config:` at e.g. `app/perfgate.config.json`",
    );
  }
  return {
    threshold: number("threshold", 0, 1000, false),
    runs: number("runs", 1, 100, true),
    config,
    baselinePath: get("baseline-path").trim() || "metrics/baselines/current_performance_baseline.json",
    artifactName: get("artifact-name").trim() || "performance-baseline",
    reportsArtifactName: get("reports-artifact-name").trim() || "performance-regression-results",
    mainBranch: (get("main-branch").trim() || "main").replace(/^refs\/heads\//, ""),
    maxAge: get("max-age").trim() || "30d",
    retentionDays: number("retention-days", 1, 90, true),
    githubToken: get("github-token").trim(),
    mode: choice("mode", MODES),
    workflow: get("workflow").trim(),
    paired: choice("paired", PAIRED),
  };
}
