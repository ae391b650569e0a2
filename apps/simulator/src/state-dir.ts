import { existsSync } from "node:fs";
import { mkdir, readdir, rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import { readStateDirOwner } from "@perfgate/mock-github";
import { SimulatorError } from "./errors.ts";

/** The simulator's state directory: the mock's persisted store, kept work copies, the last report. */
export interface StateLayout {
  root: string;
  /** The mock GitHub's store (runs, artifacts, blobs), shared by every invocation. */
  mockDir: string;
  /** Work copies of the sample repository and act run dirs; removed after each run unless --keep. */
  workDir: string;
  /** The last report, in the --json shape. */
  reportFile: string;
  /** What each scenario observed (act results, store entries), for debugging and test fixtures. */
  factsDir: string;
}

export function stateLayout(dir: string): StateLayout {
  const root = resolve(dir);
  return {
    root,
    mockDir: join(root, "mock"),
    workDir: join(root, "work"),
    reportFile: join(root, "report.json"),
    factsDir: join(root, "facts"),
  };
}

export async function ensureStateDirs(layout: StateLayout): Promise<void> {
  for (const d of [layout.root, layout.mockDir, layout.workDir, layout.factsDir]) await mkdir(d, { recursive: true });
}

/** Refuses while another simulator process owns the mock store: two writers would lose runs. */
export function assertStateFree(layout: StateLayout): void {
  const owner = existsSync(layout.mockDir) ? readStateDirOwner(layout.mockDir) : undefined;
  if (owner && owner.pid !== process.pid) {
    throw new SimulatorError(
      "STATE_IN_USE",
      `state dir ${layout.root} is in use by another simulator (pid ${owner.pid}${owner.url ? `, mock at ${owner.url}` : ""})`,
      "Wait for it to finish, or pass --state DIR to use another state directory.",
    );
  }
}

/** Empties the state directory (store, work copies, report) but keeps the directory itself. */
export async function resetState(layout: StateLayout): Promise<string[]> {
  assertStateFree(layout);
  if (!existsSync(layout.root)) return [];
  const entries = await readdir(layout.root);
  await Promise.all(entries.map((e) => rm(join(layout.root, e), { recursive: true, force: true })));
  return entries;
}

/** Empties only the mock's store: a GitHub repository with no runs and no artifacts. */
export async function resetStore(layout: StateLayout): Promise<void> {
  assertStateFree(layout);
  await rm(layout.mockDir, { recursive: true, force: true });
  await mkdir(layout.mockDir, { recursive: true });
}
