import { rm } from "node:fs/promises";
import { join } from "node:path";
import type { Report } from "../report.ts";
import type { ScenarioName } from "../scenarios/index.ts";
import { type SimulateOptions, simulate } from "../simulate.ts";
import { assertStateFree, resetState, stateLayout } from "../state-dir.ts";
import { openRepoTarget, type RepoTargetOptions } from "./repo-target.ts";

export type SimulateRepoOptions = SimulateOptions & Omit<RepoTargetOptions, "scenarios" | "scratchDir">;

/** `simulate <scenario> --repo DIR`: the plan's scenarios on a user's repository and workflow. */
export async function simulateRepo(names: ScenarioName[], opts: SimulateRepoOptions): Promise<Report> {
  const layout = stateLayout(opts.stateDir);
  // --reset first: it empties the whole state dir, where the checks below stage the action.
  if (opts.reset) {
    const removed = await resetState(layout);
    opts.progress.note(`--reset: emptied ${layout.root}${removed.length ? ` (${removed.join(", ")})` : ""}`);
  }
  assertStateFree(layout);
  const scratchDir = join(layout.workDir, `repo-${process.pid}`);
  try {
    const target = await openRepoTarget({ ...opts, scenarios: names, scratchDir });
    for (const line of target.summary) opts.progress.note(line);
    return await simulate(names, { ...opts, reset: false, target });
  } finally {
    await rm(scratchDir, { recursive: true, force: true });
  }
}
