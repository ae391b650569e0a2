import type Docker from "dockerode";
import type { ToolchainContext } from "./context.ts";
import { RUNNER_DEV_TAG, RUNNER_REPO } from "./runner-recipe.ts";

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
