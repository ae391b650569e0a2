// The runner image's orchestration: reuse, or build (debootstrap.ts), import (image-import.ts),
// clean up (build-dir.ts) and prune older tags (prune-tags.ts).
import { mkdir, mkdtemp } from "node:fs/promises";
import { join } from "node:path";
import type Docker from "dockerode";
import { removeBuildDir, removeStaleBuilds } from "./build-dir.ts";
import type { ToolchainContext } from "./context.ts";
import { buildRootfs } from "./debootstrap.ts";
import { ToolchainError } from "./errors.ts";
import { formatBytes } from "./format-bytes.ts";
import { ensureDebianTool, isRoot } from "./host.ts";
import { importRootfs } from "./image-import.ts";
import { pruneOldRunnerTags } from "./prune-tags.ts";
import { loadRunnerRecipe } from "./runner-recipe.ts";

export interface RunnerImageInfo {
  tag: string;
  id: string;
  sizeBytes: number;
}

export async function inspectImage(docker: Docker, tag: string): Promise<RunnerImageInfo | undefined> {
  try {
    const info = await docker.getImage(tag).inspect();
    return { tag, id: info.Id, sizeBytes: info.Size };
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return undefined;
    throw err;
  }
}

/**
 * The runner image `perfgate/runner:<hash>`: reused when the engine has it, else built
 * with debootstrap in `.perfgate/runner/` and imported. Older hash tags are pruned.
 */
export async function ensureRunnerImage(
  ctx: ToolchainContext,
  docker: Docker,
): Promise<RunnerImageInfo & { built: boolean }> {
  const recipe = await loadRunnerRecipe(ctx.recipeDir);
  const existing = await inspectImage(docker, recipe.tag);
  if (existing) {
    ctx.progress(`runner image: ${recipe.tag} ready (${formatBytes(existing.sizeBytes)})`);
    await pruneOldRunnerTags(ctx, docker, recipe.tag);
    return { ...existing, built: false };
  }
  if (!isRoot(ctx)) {
    throw new ToolchainError(
      "NOT_ROOT",
      `The runner image ${recipe.tag} does not exist yet, and building it (debootstrap + chroot) needs root.`,
      "Run `pnpm toolchain` once as root (e.g. `sudo pnpm toolchain`); later runs reuse the image.",
    );
  }
  const debootstrap = await ensureDebianTool(ctx, "debootstrap", "debootstrap", "Building the runner image");

  await mkdir(ctx.paths.runnerDir, { recursive: true });
  // We hold the provisioning lock, so any earlier build folder is a leftover of a killed run.
  await removeStaleBuilds(ctx.paths.runnerDir);
  const buildDir = await mkdtemp(join(ctx.paths.runnerDir, "build-"));
  const rootfs = join(buildDir, "rootfs");
  const log = join(ctx.paths.runnerDir, "build.log");
  try {
    ctx.progress(`runner image: building ${recipe.tag} with debootstrap (about a minute; log ${log})`);
    await buildRootfs(ctx, recipe, debootstrap, rootfs, log);
    ctx.progress(`runner image: importing ${recipe.tag} into the Docker engine`);
    await importRootfs(docker, recipe, rootfs);
  } finally {
    await removeBuildDir(buildDir);
  }
  const image = await inspectImage(docker, recipe.tag);
  if (!image) {
    throw new ToolchainError(
      "IMAGE_IMPORT_FAILED",
      `The engine accepted the import of ${recipe.tag}, but the tag does not exist afterwards.`,
      "Run `pnpm toolchain` again; if it repeats, check the engine log (.perfgate/dockerd.log or journalctl -u docker).",
    );
  }
  ctx.progress(`runner image: built ${recipe.tag} (${formatBytes(image.sizeBytes)})`);
  await pruneOldRunnerTags(ctx, docker, recipe.tag);
  return { ...image, built: true };
}
