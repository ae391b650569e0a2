import { spawn } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import Docker from "dockerode";
import type { ToolchainContext } from "./context.ts";
import { ToolchainError, tail } from "./errors.ts";
import { ensureDebianTool, isRoot } from "./host.ts";

export const DEFAULT_DOCKER_SOCKET = "/var/run/docker.sock";
/** Flags perfgate starts dockerd with: no bridge network, no iptables rules (every container uses host networking). */
export const DOCKERD_ARGS = ["--bridge=none", "--iptables=false"] as const;

export interface DockerEngineInfo {
  socketPath: string;
  version: string;
}

/** Socket of the engine to use: DOCKER_HOST when it is a unix socket, else the default one. */
export function dockerSocketPath(env: NodeJS.ProcessEnv): string {
  const host = env.DOCKER_HOST;
  if (!host) return DEFAULT_DOCKER_SOCKET;
  if (host.startsWith("unix://")) return host.slice("unix://".length);
  throw new ToolchainError(
    "UNSUPPORTED_DOCKER_HOST",
    `DOCKER_HOST is ${host}, but perfgate talks to the Docker engine only through a local unix socket (its containers share the host's network).`,
    "Unset DOCKER_HOST to use /var/run/docker.sock, or set it to unix:///path/to/docker.sock.",
  );
}

export function dockerClient(socketPath: string): Docker {
  return new Docker({ socketPath, timeout: 10_000 });
}

/** The engine's version if it answers on `socketPath`, else the reason it does not. */
export async function probeEngine(
  socketPath: string,
): Promise<{ ok: true; version: string } | { ok: false; reason: string }> {
  const docker = dockerClient(socketPath);
  try {
    await docker.ping();
    const v = await docker.version();
    return { ok: true, version: v.Version };
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : String(err) };
  }
}

const startCommand = `dockerd ${DOCKERD_ARGS.join(" ")}`;

/**
 * Makes sure a Docker engine answers: uses a running one, else (as root) installs
 * Debian's docker.io when dockerd is missing and starts dockerd detached.
 */
export async function ensureDockerEngine(ctx: ToolchainContext): Promise<DockerEngineInfo & { started: boolean }> {
  const socketPath = dockerSocketPath(ctx.env);
  const probe = await probeEngine(socketPath);
  if (probe.ok) {
    ctx.progress(`Docker engine: answering (${probe.version}, ${socketPath})`);
    return { socketPath, version: probe.version, started: false };
  }
  if (!isRoot(ctx)) {
    throw new ToolchainError(
      "NOT_ROOT",
      `The Docker engine is not answering at ${socketPath} (${probe.reason}), and perfgate can install and start one only when it runs as root.`,
      `Start it as root: \`sudo ${startCommand} &\` (on Debian install it first with \`sudo apt-get install docker.io\`), or point DOCKER_HOST at a running engine's unix socket.`,
    );
  }
  ctx.progress(`Docker engine: not answering at ${socketPath}; starting dockerd`);
  const dockerd = await ensureDebianTool(ctx, "dockerd", "docker.io", "The Docker engine");
  return { ...(await startDockerd(ctx, dockerd, socketPath)), started: true };
}

async function startDockerd(ctx: ToolchainContext, dockerd: string, socketPath: string): Promise<DockerEngineInfo> {
  const log = ctx.paths.dockerdLog;
  await mkdir(ctx.paths.home, { recursive: true });
  const args: string[] = [...DOCKERD_ARGS];
  if (socketPath !== DEFAULT_DOCKER_SOCKET) args.push(`--host=unix://${socketPath}`);

  // detached = own session (setsid), so dockerd outlives this provisioning process.
  const fd = openSync(log, "a");
  // Meant to outlive a test run that starts it, too: without the run's marker (PERFGATE_TEST_RUN,
  // the root's scripts/leftover-processes.ts), which would count it as a process left behind.
  const { PERFGATE_TEST_RUN: _marker, ...env } = ctx.env;
  const child = spawn(dockerd, args, { detached: true, stdio: ["ignore", fd, fd], env });
  closeSync(fd);
  let exited: string | undefined;
  child.on("exit", (code, signal) => {
    exited = signal ? `signal ${signal}` : `exit code ${code}`;
  });
  child.on("error", (err) => {
    exited = err.message;
  });
  child.unref();

  const started = Date.now();
  while (Date.now() - started < ctx.dockerdStartTimeoutMs) {
    await new Promise((r) => setTimeout(r, 500));
    if (exited) {
      throw new ToolchainError(
        "DOCKERD_START_FAILED",
        `dockerd (${dockerd}) stopped right after starting (${exited}). Last lines of ${log}:\n${await logTail(log)}`,
        `Read ${log}; a common cause is another dockerd already holding /var/run/docker.pid. Start it by hand with \`${startCommand}\` to see the error.`,
      );
    }
    const probe = await probeEngine(socketPath);
    if (probe.ok) {
      ctx.progress(`Docker engine: started dockerd ${probe.version} (pid ${child.pid}, log ${log})`);
      return { socketPath, version: probe.version };
    }
  }
  // Do not leave a daemon behind that never came up.
  if (!exited && child.pid) {
    try {
      process.kill(child.pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
  throw new ToolchainError(
    "DOCKERD_TIMEOUT",
    `dockerd (${dockerd}) did not answer at ${socketPath} within ${Math.round(ctx.dockerdStartTimeoutMs / 1000)} s, so perfgate stopped it. Last lines of ${log}:\n${await logTail(log)}`,
    `Read ${log}, then start the engine by hand with \`${startCommand}\` and run \`pnpm toolchain\` again.`,
  );
}

async function logTail(file: string): Promise<string> {
  try {
    return tail(await readFile(file, "utf8"), 10) || "(empty)";
  } catch {
    return "(no log written)";
  }
}
