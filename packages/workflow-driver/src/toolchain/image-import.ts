import type Docker from "dockerode";
import { execa } from "execa";
import { ToolchainError, tail } from "./errors.ts";
import { RUNNER_REPO, type RunnerRecipe } from "./runner-recipe.ts";

/** Streams `rootfs` as a tar into the engine as perfgate/runner:<hash>, with the recipe's image changes. */
export async function importRootfs(docker: Docker, recipe: RunnerRecipe, rootfs: string): Promise<void> {
  const [repo, tag] = [RUNNER_REPO, recipe.hash];
  // --numeric-owner keeps the rootfs's own uids instead of mapping names through the host's /etc/passwd.
  const tar = execa("tar", ["-C", rootfs, "--numeric-owner", "-cf", "-", "."], {
    stdin: "ignore",
    buffer: { stdout: false, stderr: true },
    reject: false,
  });
  try {
    const stream = await docker.importImage(tar.stdout, { repo, tag, changes: recipe.manifest.changes } as object);
    await new Promise<void>((resolve, reject) => {
      docker.modem.followProgress(stream, (err: Error | null) => (err ? reject(err) : resolve()));
    });
  } catch (err) {
    tar.kill();
    await tar;
    throw new ToolchainError(
      "IMAGE_IMPORT_FAILED",
      `The Docker engine rejected the runner image import of ${repo}:${tag}: ${err instanceof Error ? err.message : String(err)}`,
      "Check free disk space for the engine (`docker system df`) and run `pnpm toolchain` again.",
      { cause: err },
    );
  }
  const result = await tar;
  if (result.exitCode !== 0) {
    await docker
      .getImage(`${repo}:${tag}`)
      .remove()
      .catch(() => {});
    throw new ToolchainError(
      "IMAGE_IMPORT_FAILED",
      `Packing the runner root filesystem with tar failed (exit ${result.exitCode ?? result.signal}), so the imported image was removed: ${tail(String(result.stderr ?? ""), 4)}`,
      "Check free disk space in .perfgate/runner and run `pnpm toolchain` again.",
    );
  }
}
