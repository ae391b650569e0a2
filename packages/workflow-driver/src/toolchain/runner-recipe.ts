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
/** Debian packages a project's CI needs beyond the base image (one a line, `#` comments). */
export const EXTRA_PACKAGES_FILE = "extra-packages.txt";
const PACKAGE_NAME = /^[a-z0-9][a-z0-9+.-]*$/;

const ManifestSchema = z.object({
  suite: z.string().min(1),
  variant: z.string().min(1),
  mirror: z.url(),
  packages: z.array(z.string().regex(PACKAGE_NAME)).min(1),
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
  /** Packages of extra-packages.txt, installed after the manifest's own. */
  extraPackages: string[];
}

/** Every package the rootfs is built with: the manifest's, then the extra list's. */
export function rootfsPackages(recipe: RunnerRecipe): string[] {
  return [...new Set([...recipe.manifest.packages, ...recipe.extraPackages])];
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
  // The extra list counts by its packages, not its bytes: comments change nothing, and an empty
  // list builds the same image under the same tag as no list at all.
  const extraPackages = names.includes(EXTRA_PACKAGES_FILE)
    ? await readExtraPackages(join(dir, EXTRA_PACKAGES_FILE))
    : [];
  for (const name of names.filter((n) => n !== EXTRA_PACKAGES_FILE)) {
    hash.update(`${name}\0`);
    hash.update(await readFile(join(dir, name)));
    hash.update("\0");
  }
  hash.update(`node ${nodeVersion}`);
  if (extraPackages.length > 0) hash.update(`\0extra-packages ${[...extraPackages].sort().join(",")}`);

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
  return { dir, manifest, hash: short, tag: `${RUNNER_REPO}:${short}`, extraPackages };
}

async function readExtraPackages(file: string): Promise<string[]> {
  const out: string[] = [];
  const lines = (await readFile(file, "utf8")).split("\n");
  lines.forEach((raw, i) => {
    const line = raw.replace(/#.*/, "").trim();
    if (!line) return;
    for (const name of line.split(/\s+/)) {
      if (!PACKAGE_NAME.test(name)) {
        throw new ToolchainError(
          "BAD_RECIPE",
          `${file} line ${i + 1}: ${JSON.stringify(name)} is not a Debian package name`,
          "Write one Debian package name a line (lower case, e.g. `python3-pytest`); `apt-cache search WORD` finds them.",
        );
      }
      out.push(name);
    }
  });
  return out;
}

/** Tag of the runner image for this checkout and this Node (what ensureToolchain builds or reuses). */
export async function runnerImageTag(dir?: string): Promise<string> {
  return (await loadRunnerRecipe(dir)).tag;
}
