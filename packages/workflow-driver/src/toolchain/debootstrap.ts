import { createWriteStream } from "node:fs";
import { realpath } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import type { ToolchainContext } from "./context.ts";
import { ToolchainError, tail } from "./errors.ts";
import { RUNNER_BUILD_SCRIPT, type RunnerRecipe, rootfsPackages } from "./runner-recipe.ts";

const PHASE_TEXT: Record<string, string> = {
  Retrieving: "downloading packages",
  Extracting: "extracting packages",
  Installing: "installing core packages",
  Unpacking: "unpacking packages",
  Configuring: "configuring packages",
  "Base system installed": "base system installed",
  "Runner rootfs ready": "Node 20 added, root filesystem ready",
};
const PHASE = /^I: (Retrieving|Extracting|Installing|Unpacking|Configuring|Base system installed|Runner rootfs ready)/;

/**
 * Builds the runner's root filesystem in `rootfs` with the recipe's build script (debootstrap, then
 * Node): every line goes to `logFile`, each debootstrap phase is reported once, a heartbeat every 15 s.
 */
export async function buildRootfs(
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
  const started = Date.now();
  const elapsed = () => `${Math.round((Date.now() - started) / 1000)} s`;
  const phasesSeen = new Set<string>();
  let downloaded = 0;
  let recent: string[] = [];
  const heartbeat = setInterval(
    () => ctx.progress(`runner image: still building (${elapsed()}, ${downloaded} downloads so far)`),
    15_000,
  );
  // buffer: false: the output is streamed to the log, not held; extendEnv: false, ctx.env is the whole environment.
  const child = execa("bash", args, {
    env,
    extendEnv: false,
    all: true,
    buffer: false,
    reject: false,
    stdin: "ignore",
  });
  try {
    for await (const line of child.iterable({ from: "all" })) {
      log.write(`${line}\n`);
      recent = [...recent.slice(-19), line];
      // debootstrap prints one "I: <Phase> ..." line per package; report each phase once.
      const phase = PHASE.exec(line)?.[1];
      if (phase === "Retrieving") downloaded++;
      if (phase && !phasesSeen.has(phase)) {
        phasesSeen.add(phase);
        ctx.progress(`runner image: ${PHASE_TEXT[phase] ?? phase} (${elapsed()})`);
      }
    }
  } finally {
    clearInterval(heartbeat);
  }
  const result = await child;
  await new Promise((r) => log.end(r));
  if (result.exitCode !== 0) {
    const code = result.exitCode ?? (result.signal ? `signal ${result.signal}` : "not started");
    throw new ToolchainError(
      "IMAGE_BUILD_FAILED",
      `Building the runner image root filesystem failed (exit ${code}); the partial build was removed. Last lines of ${logFile}:\n${tail(recent.join("\n"), 8)}`,
      `Read ${logFile}. If debootstrap could not download, make ${m.mirror} reachable; otherwise the log's last "E:" line names the failing step. Then run \`pnpm toolchain\` again.`,
    );
  }
}
