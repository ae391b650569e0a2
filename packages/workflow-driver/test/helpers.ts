import { cp, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { dockerFor, findAllDriverContainers } from "../src/run/containers.ts";
import { createMockClient, type RegisterRunInput } from "@perfgate/mock-github";

export const fixturesDir = join(dirname(fileURLToPath(import.meta.url)), "fixtures");

/** Copies a fixture into a fresh git repository (act reads git metadata) and commits it. */
export async function prepareRepo(fixture: string): Promise<{ dir: string; sha: string }> {
  const dir = await mkdtemp(join(tmpdir(), `wd-${fixture}-`));
  await cp(join(fixturesDir, fixture), dir, { recursive: true });
  const git = (...args: string[]) =>
    execa("git", args, {
      cwd: dir,
      env: { GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@t", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@t" },
    });
  await git("init", "-q", "-b", "main");
  await git("add", "-A");
  await git("commit", "-qm", "fixture");
  const { stdout } = await git("rev-parse", "HEAD");
  return { dir, sha: stdout.trim() };
}

/**
 * Containers the driver left behind for this package's fixtures (every fixture workflow is
 * named "Driver ..."; other packages' runs may be going on at the same time).
 */
export async function leftoverContainers(): Promise<string[]> {
  return (await findAllDriverContainers(dockerFor())).filter((n) => n.startsWith("act-Driver-"));
}

/** Registers a workflow run on the mock through its typed control client. */
export const registerRun = (url: string, run: RegisterRunInput): Promise<{ id: number; runtimeToken: string }> =>
  createMockClient(url).registerRun(run);

export async function completeRun(
  url: string,
  id: number,
  conclusion: "success" | "failure" | "cancelled",
): Promise<void> {
  await createMockClient(url).completeRun(id, conclusion);
}
