import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { ToolchainError } from "./errors.ts";
import { runnerRecipeDir } from "./paths.ts";

export const RUNNER_REPO = "perfgate/runner";
/** Tag other people build by hand; pruning never touches it. */
export const RUNNER_DEV_TAG = `${RUNNER_REPO}:dev`;
export const RUNNER_BUILD_SCRIPT = "build-rootfs.sh";

const ManifestSchema = z.object({
  suite: z.string().min(1),
  variant: z.string().min(1),
  mirror: z.url(),
  packages: z.array(z.string().regex(/^[a-z0-9][a-z0-9+.-]*$/)).min(1),
  nodeTarget: z.string().startsWith("/"),
  changes: z.array(z.string()),
});
export type RunnerManifest = z.infer<typeof ManifestSchema>;

export interface RunnerRecipe {
  dir: string;
  manifest: RunnerManifest;
  /** `perfgate/runner:<hash of recipe files + Node version>` */
  tag: string;
  hash: string;
}

/**
 * Reads docker/runner/ and derives the image tag. The hash covers every recipe file
 * and the Node version copied into the image, so changing either builds a new image.
 */
export async function loadRunnerRecipe(
  dir: string = runnerRecipeDir(),
  nodeVersion: string = process.version,
): Promise<RunnerRecipe> {
  const hash = createHash("sha256");
  const names = (await readdir(dir, { withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => e.name)
    .sort();
  for (const name of names) {
    hash.update(`${name}\0`);
    hash.update(await readFile(join(dir, name)));
    hash.update("\0");
  }
  hash.update(`node ${nodeVersion}`);

  let manifest: RunnerManifest;
  try {
    manifest = ManifestSchema.parse(JSON.parse(await readFile(join(dir, "manifest.json"), "utf8")));
  } catch (err) {
    throw new ToolchainError(
      "BAD_RECIPE",
      `The runner image recipe ${join(dir, "manifest.json")} is unreadable or invalid: ${err instanceof Error ? err.message : String(err)}`,
      "Restore docker/runner/manifest.json from git (`git checkout -- docker/runner`).",
    );
  }
  if (!names.includes(RUNNER_BUILD_SCRIPT)) {
    throw new ToolchainError(
      "BAD_RECIPE",
      `The runner image recipe in ${dir} has no ${RUNNER_BUILD_SCRIPT}.`,
      "Restore docker/runner/ from git (`git checkout -- docker/runner`).",
    );
  }
  const short = hash.digest("hex").slice(0, 12);
  return { dir, manifest, hash: short, tag: `${RUNNER_REPO}:${short}` };
}

/** Tag of the runner image for this checkout and this Node (what ensureToolchain builds or reuses). */
export async function runnerImageTag(dir?: string): Promise<string> {
  return (await loadRunnerRecipe(dir)).tag;
}
