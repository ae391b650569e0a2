import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, realpath, rm } from "node:fs/promises";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type Docker from "dockerode";
import { execa } from "execa";
import type { ToolchainContext } from "./context.ts";
import { ToolchainError, tail } from "./errors.ts";
import { ensureDebianTool, isRoot } from "./host.ts";
import {
  loadRunnerRecipe,
  RUNNER_BUILD_SCRIPT,
  RUNNER_DEV_TAG,
  RUNNER_REPO,
  type RunnerRecipe,
  rootfsPackages,
} from "./runner-recipe.ts";

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

const PHASE_TEXT: Record<string, string> = {
  Retrieving: "downloading packages",
  Extracting: "extracting packages",
  Installing: "installing core packages",
  Unpacking: "unpacking packages",
  Configuring: "configuring packages",
  "Base system installed": "base system installed",
  "Runner rootfs ready": "Node 20 added, root filesystem ready",
};

async function buildRootfs(
  ctx: ToolchainContext,
  recipe: RunnerRecipe,
  debootstrap: string,
  rootfs: string,
  logFile: string,
): Promise<void> {
  const m = recipe.manifest;
  const nodeBinary = await realpath(process.execPath);
  const args = [
    join(recipe.dir, RUNNER_BUILD_SCRIPT),
    rootfs,
    m.suite,
    m.variant,
    m.mirror,
    rootfsPackages(recipe).join(","),
    nodeBinary,
    m.nodeTarget,
  ];
  const binDir = debootstrap.slice(0, debootstrap.lastIndexOf("/"));
  const env = {
    ...ctx.env,
    PATH: `${ctx.env.PATH ?? ""}:${binDir}:/usr/sbin:/sbin`,
    DEBIAN_FRONTEND: "noninteractive",
  };
  const log = createWriteStream(logFile);
  const child = spawn("bash", args, { env, stdio: ["ignore", "pipe", "pipe"] });
  const started = Date.now();
  const elapsed = () => `${Math.round((Date.now() - started) / 1000)} s`;
  const phasesSeen = new Set<string>();
  let downloaded = 0;
  let recent: string[] = [];
  const onLine = (line: string) => {
    log.write(`${line}\n`);
    recent = [...recent.slice(-19), line];
    // debootstrap prints one "I: <Phase> ..." line per package; report each phase once.
    const phase =
      /^I: (Retrieving|Extracting|Installing|Unpacking|Configuring|Base system installed|Runner rootfs ready)/.exec(
        line,
      )?.[1];
    if (phase === "Retrieving") downloaded++;
    if (phase && !phasesSeen.has(phase)) {
      phasesSeen.add(phase);
      ctx.progress(`runner image: ${PHASE_TEXT[phase] ?? phase} (${elapsed()})`);
    }
  };
  createInterface({ input: child.stdout }).on("line", onLine);
  createInterface({ input: child.stderr }).on("line", onLine);
  const heartbeat = setInterval(
    () => ctx.progress(`runner image: still building (${elapsed()}, ${downloaded} downloads so far)`),
    15_000,
  );
  const code = await new Promise<number>((resolve) => {
    child.on("error", () => resolve(127));
    child.on("close", (c) => resolve(c ?? 1));
  });
  clearInterval(heartbeat);
  await new Promise((r) => log.end(r));
  if (code !== 0) {
    throw new ToolchainError(
      "IMAGE_BUILD_FAILED",
      `Building the runner image root filesystem failed (exit ${code}); the partial build was removed. Last lines of ${logFile}:\n${tail(recent.join("\n"), 8)}`,
      `Read ${logFile}. If debootstrap could not download, make ${m.mirror} reachable; otherwise the log's last "E:" line names the failing step. Then run \`pnpm toolchain\` again.`,
    );
  }
}

async function importRootfs(docker: Docker, recipe: RunnerRecipe, rootfs: string): Promise<void> {
  const [repo, tag] = [RUNNER_REPO, recipe.hash];
  // --numeric-owner keeps the rootfs's own uids instead of mapping names through the host's /etc/passwd.
  const tar = spawn("tar", ["-C", rootfs, "--numeric-owner", "-cf", "-", "."], { stdio: ["ignore", "pipe", "pipe"] });
  let tarErr = "";
  tar.stderr.on("data", (d) => {
    tarErr += d;
  });
  const tarExit = new Promise<number>((resolve) => tar.on("close", (c) => resolve(c ?? 1)));
  try {
    const stream = await docker.importImage(tar.stdout, { repo, tag, changes: recipe.manifest.changes } as object);
    await new Promise<void>((resolve, reject) => {
      docker.modem.followProgress(stream, (err: Error | null) => (err ? reject(err) : resolve()));
    });
  } catch (err) {
    tar.kill();
    throw new ToolchainError(
      "IMAGE_IMPORT_FAILED",
      `The Docker engine rejected the runner image import of ${repo}:${tag}: ${err instanceof Error ? err.message : String(err)}`,
      "Check free disk space for the engine (`docker system df`) and run `pnpm toolchain` again.",
      { cause: err },
    );
  }
  const code = await tarExit;
  if (code !== 0) {
    await docker
      .getImage(`${repo}:${tag}`)
      .remove()
      .catch(() => {});
    throw new ToolchainError(
      "IMAGE_IMPORT_FAILED",
      `Packing the runner root filesystem with tar failed (exit ${code}), so the imported image was removed: ${tail(tarErr, 4)}`,
      "Check free disk space in .perfgate/runner and run `pnpm toolchain` again.",
    );
  }
}

/** Removes perfgate/runner:<hash> tags of earlier recipes; keeps `current` and the hand-built `dev`. */
export async function pruneOldRunnerTags(ctx: ToolchainContext, docker: Docker, current: string): Promise<string[]> {
  const images = await docker.listImages({ filters: JSON.stringify({ reference: [RUNNER_REPO] }) } as object);
  const removed: string[] = [];
  for (const tag of images.flatMap((i) => i.RepoTags ?? [])) {
    if (!tag.startsWith(`${RUNNER_REPO}:`) || tag === current || tag === RUNNER_DEV_TAG) continue;
    try {
      await docker.getImage(tag).remove();
      removed.push(tag);
      ctx.progress(`runner image: pruned old tag ${tag}`);
    } catch (err) {
      // In use by a container: keep it, a later run prunes it.
      ctx.progress(`runner image: kept old tag ${tag} (${err instanceof Error ? err.message.split("\n")[0] : err})`);
    }
  }
  return removed;
}

async function removeStaleBuilds(runnerDir: string): Promise<void> {
  for (const entry of await readdir(runnerDir)) {
    if (entry.startsWith("build-")) await removeBuildDir(join(runnerDir, entry));
  }
}

/** Unmounts anything debootstrap left mounted inside (a killed run can leave /proc) before deleting. */
async function removeBuildDir(dir: string): Promise<void> {
  const mounts = (await readFile("/proc/mounts", "utf8").catch(() => ""))
    .split("\n")
    .map((l) => l.split(" ")[1] ?? "")
    .filter((p) => p.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length);
  for (const mount of mounts) await execa("umount", ["-l", mount], { reject: false });
  await rm(dir, { recursive: true, force: true });
}

export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GiB`;
  if (n >= 1024 ** 2) return `${Math.round(n / 1024 ** 2)} MiB`;
  return `${Math.round(n / 1024)} KiB`;
}
