import { ensureAct } from "./act.ts";
import { createContext, type ToolchainOptions } from "./context.ts";
import { dockerClient, ensureDockerEngine } from "./docker-engine.ts";
import { withLock } from "./lock.ts";
import { ensureRunnerImage } from "./runner-image.ts";

export interface Toolchain {
  docker: { socketPath: string; version: string };
  act: { path: string; version: string };
  image: { tag: string; id: string; sizeBytes: number };
  /** What this call had to do (empty when everything was already in place). */
  actions: string[];
  /** True when nothing had to be installed, started or built. */
  cached: boolean;
  durationMs: number;
}

/**
 * Provisions the Docker engine, act v0.2.87 and the runner image, under a lock.
 * Idempotent: when all three are in place it only checks them (well under 10 s).
 */
export async function ensureToolchain(opts: ToolchainOptions = {}): Promise<Toolchain> {
  const ctx = createContext(opts);
  const started = Date.now();
  return withLock(
    ctx.paths.locksDir,
    "toolchain",
    async () => {
      const actions: string[] = [];
      const engine = await ensureDockerEngine(ctx);
      if (engine.started) actions.push(`started dockerd ${engine.version}`);
      const act = await ensureAct(ctx);
      if (act.built) actions.push(`built act ${act.version}`);
      const image = await ensureRunnerImage(ctx, dockerClient(engine.socketPath));
      if (image.built) actions.push(`built runner image ${image.tag}`);
      return {
        docker: { socketPath: engine.socketPath, version: engine.version },
        act: { path: act.path, version: act.version },
        image: { tag: image.tag, id: image.id, sizeBytes: image.sizeBytes },
        actions,
        cached: actions.length === 0,
        durationMs: Date.now() - started,
      };
    },
    { onWait: (p) => ctx.progress(`waiting for another provisioning run to finish (lock ${p})`) },
  );
}
