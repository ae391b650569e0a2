import type { Argv } from "yargs";
import { SimulatorError } from "../errors.ts";
import type { RepoTargetOptions } from "./repo-target.ts";

/** What the `--repo` options parse to: the user-given part of RepoTargetOptions, all optional. */
export type RepoArgs = Partial<Omit<RepoTargetOptions, "scenarios" | "scratchDir">>;

/** The scenario commands' `--repo` options: rehearse a user's own repository instead of the sample. */
export const repoOptions = <T>(y: Argv<T>) =>
  y
    .option("repo", {
      type: "string",
      describe: "rehearse your own repository (its git history; DIR is never written to) instead of the sample",
    })
    .option("job", {
      type: "string",
      describe: "with --repo: the job that runs perfgate; default: found in the workflow",
    })
    .option("regression-patch", {
      type: "string",
      describe: "with --repo: a patch that slows your code, applied on the regression scenario's PR branch",
    })
    .option("regression-branch", {
      type: "string",
      describe: "with --repo: a branch of DIR that is the regression scenario's PR (merged with main)",
    })
    .option("main-branch", {
      type: "string",
      describe: "with --repo: the branch baselines come from (default main, else master)",
    })
    .option("include-uncommitted", {
      type: "boolean",
      describe: "with --repo: main plus the working tree's uncommitted changes (default: committed history only)",
    })
    .option("expect-regressed", {
      type: "string",
      array: true,
      describe:
        "with --repo: the benchmark(s) the regression must name (default: a Perfgate-Expect-Regressed: trailer, else the benchmarks that run a file the change touches)",
    });

const REPO_ONLY = [
  "job",
  "regressionPatch",
  "regressionBranch",
  "mainBranch",
  "includeUncommitted",
  "expectRegressed",
] as const;

/** What the scenario commands' --repo options say, as simulateRepo takes them. */
export type RepoOnlyOptions = Omit<RepoTargetOptions, "scenarios" | "scratchDir">;

/**
 * With --repo: the repository options for simulateRepo; without it, undefined. Without --repo the
 * other options mean nothing, and a silently ignored --regression-patch would run the sample
 * instead of the user's code: refuse.
 */
export function repoSimulateOptions(argv: RepoArgs): RepoOnlyOptions | undefined {
  if (!argv.repo) {
    const given = REPO_ONLY.filter((k) => argv[k] !== undefined);
    if (given.length) {
      const flag = (k: string) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
      throw new SimulatorError(
        "USAGE",
        `${given.map(flag).join(", ")} only apply to your own repository`,
        "Add --repo DIR (your project's git repository), or drop them to run the sample.",
      );
    }
    return undefined;
  }
  return {
    repo: argv.repo,
    // `all` (the sample's default) means: the workflow of DIR that runs perfgate.
    ...(argv.workflow && argv.workflow !== "all" ? { workflow: argv.workflow } : {}),
    ...(argv.job ? { job: argv.job } : {}),
    ...(argv.regressionPatch ? { regressionPatch: argv.regressionPatch } : {}),
    ...(argv.regressionBranch ? { regressionBranch: argv.regressionBranch } : {}),
    ...(argv.mainBranch ? { mainBranch: argv.mainBranch } : {}),
    ...(argv.includeUncommitted ? { includeUncommitted: true } : {}),
    ...(argv.expectRegressed?.length ? { expectRegressed: argv.expectRegressed.map(String) } : {}),
  };
}
