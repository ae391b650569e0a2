import { promises as fs } from "node:fs";
import path from "node:path";

/** What a project builder made: how perfgate would run it, and what its harness reports. */
export interface HarnessProject {
  /** The config entry's `run`, to be run by /bin/sh in the project's folder. */
  run: string;
  /** The names the harness reports for its benchmarks (what the adapter's parse returns). */
  benchmarks: string[];
}

/** Options every project builder takes. */
export interface ProjectOptions {
  /**
   * The name of one benchmark (as in `benchmarks`) whose code under test does about 45% more
   * work: after its pass over the input it makes a second pass over the first 45% of it, as a
   * real regression would (redundant work, not a sleep). The others are unchanged.
   */
  slow?: string;
}

/** The slowdown every builder adds to the `slow` benchmark: a second pass over this share. */
export const SLOW_SHARE_PERCENT = 45;

/** Write `files` (path relative to `dir` -> content) into `dir`, creating folders. */
export async function writeFiles(dir: string, files: Record<string, string>): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, content);
  }
}

/** Reject a `slow` name that is not one of the project's benchmarks (a typo would slow nothing). */
export function checkSlow(slow: string | undefined, benchmarks: readonly string[]): void {
  if (slow !== undefined && !benchmarks.includes(slow))
    throw new Error(`slow: "${slow}" is not one of this project's benchmarks (${benchmarks.join(", ")})`);
}
