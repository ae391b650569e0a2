import { execa } from "execa";
import { ACT_VERSION, describeIgnoredPathAct, findGo, readActVersion } from "./act.ts";
import { createContext, type ToolchainOptions } from "./context.ts";
import { DOCKERD_ARGS, dockerClient, dockerSocketPath, probeEngine } from "./docker-engine.ts";
import { isToolchainError } from "./errors.ts";
import { findExecutable } from "./host.ts";
import { formatBytes } from "./format-bytes.ts";
import { inspectImage } from "./runner-image.ts";
import { loadRunnerRecipe } from "./runner-recipe.ts";

export type PartStatus = "ok" | "missing" | "error";

export interface DoctorPart {
  name: string;
  status: PartStatus;
  detail: string;
  remedy?: string;
  /** False for a part that is absent but not needed now (Go once act is built). */
  needed: boolean;
}

export interface DoctorReport {
  /** True when every needed part is ok. */
  ok: boolean;
  parts: DoctorPart[];
}

const PROVISION = "run `pnpm toolchain` as root, or any `./dev.sh` command";

/** Checks each part of the toolchain without changing anything. */
export async function doctor(opts: ToolchainOptions = {}): Promise<DoctorReport> {
  const ctx = createContext(opts);
  const parts: DoctorPart[] = [];

  const nodeMajor = Number(process.versions.node.split(".")[0]);
  parts.push(
    nodeMajor >= 20
      ? { name: "Node", status: "ok", detail: process.version, needed: true }
      : {
          name: "Node",
          status: "error",
          detail: `${process.version} is too old`,
          remedy: "Install Node 20 (https://nodejs.org or Debian's nodesource packages).",
          needed: true,
        },
  );

  parts.push(await checkPnpm(ctx.env));

  let engine: { socketPath: string; version?: string; reason?: string };
  try {
    const socketPath = dockerSocketPath(ctx.env);
    const probe = await probeEngine(socketPath);
    engine = probe.ok ? { socketPath, version: probe.version } : { socketPath, reason: probe.reason };
  } catch (err) {
    engine = { socketPath: "(unsupported DOCKER_HOST)", reason: isToolchainError(err) ? err.message : String(err) };
  }
  if (engine.version) {
    parts.push({
      name: "Docker engine",
      status: "ok",
      detail: `${engine.version} at ${engine.socketPath}`,
      needed: true,
    });
  } else {
    const dockerd = await findExecutable("dockerd", ctx.env);
    parts.push({
      name: "Docker engine",
      status: "error",
      detail: `not answering at ${engine.socketPath} (${engine.reason})`,
      remedy: dockerd
        ? `start it as root: \`dockerd ${DOCKERD_ARGS.join(" ")} &\`, or ${PROVISION}`
        : `dockerd is not installed; ${PROVISION} (installs Debian's docker.io), or \`apt-get install docker.io\``,
      needed: true,
    });
  }

  const actVersion = await readActVersion(ctx.paths.act, ctx.env);
  const ignored = await describeIgnoredPathAct(ctx.env, ctx.paths.act);
  const actOk = actVersion === ACT_VERSION;
  parts.push(
    actOk
      ? {
          name: "act",
          status: "ok",
          detail: `${ACT_VERSION} at ${ctx.paths.act}${ignored ? `; ${ignored}` : ""}`,
          needed: true,
        }
      : {
          name: "act",
          status: actVersion ? "error" : "missing",
          detail: `${actVersion ? `${ctx.paths.act} is version ${actVersion}` : `not installed at ${ctx.paths.act}`}, v${ACT_VERSION} needed${ignored ? `. ${ignored}` : ""}`,
          remedy: `${PROVISION} (builds it with \`go install github.com/nektos/act@v${ACT_VERSION}\`)`,
          needed: true,
        },
  );

  const recipe = await loadRunnerRecipe(ctx.recipeDir);
  if (!engine.version) {
    parts.push({
      name: "runner image",
      status: "error",
      detail: `${recipe.tag}: cannot check, the Docker engine is not answering`,
      remedy: "start the Docker engine first (see above)",
      needed: true,
    });
  } else {
    const image = await inspectImage(dockerClient(engine.socketPath), recipe.tag).catch(() => undefined);
    parts.push(
      image
        ? { name: "runner image", status: "ok", detail: `${image.tag} (${formatBytes(image.sizeBytes)})`, needed: true }
        : {
            name: "runner image",
            status: "missing",
            detail: `${recipe.tag} not built yet`,
            remedy: `${PROVISION}; it builds the image with debootstrap (about a minute)`,
            needed: true,
          },
    );
  }

  const go = await findGo(ctx);
  const goVersion = go ? await commandVersion(go, ["version"], ctx.env) : undefined;
  parts.push(
    goVersion
      ? { name: "Go", status: "ok", detail: `${goVersion.replace(/^go version /, "")} (${go})`, needed: !actOk }
      : {
          name: "Go",
          status: "missing",
          detail: actOk ? "not found; not needed while act is installed" : "not found; needed to build act",
          remedy: "install Go 1.24 or newer (`apt-get install golang-go` or the go.dev tarball in /usr/local/go)",
          needed: !actOk,
        },
  );

  return { ok: parts.every((p) => p.status === "ok" || !p.needed), parts };
}

async function checkPnpm(env: NodeJS.ProcessEnv): Promise<DoctorPart> {
  const version = await commandVersion("pnpm", ["--version"], { ...env, COREPACK_ENABLE_DOWNLOAD_PROMPT: "0" });
  // Under `pnpm doctor` the user agent names the pnpm that runs us, even when PATH has none.
  const fromAgent = /\bpnpm\/(\S+)/.exec(env.npm_config_user_agent ?? "")?.[1];
  const v = version ?? fromAgent;
  return v
    ? { name: "pnpm", status: "ok", detail: v, needed: true }
    : {
        name: "pnpm",
        status: "missing",
        detail: "not found on PATH",
        remedy: "`corepack enable pnpm` (or `npm i -g pnpm`); ./dev.sh does this for you",
        needed: true,
      };
}

async function commandVersion(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<string | undefined> {
  try {
    const res = await execa(cmd, args, { env, timeout: 20_000, stdin: "ignore", reject: false });
    return res.exitCode === 0 ? res.stdout.trim().split("\n")[0] : undefined;
  } catch {
    return undefined;
  }
}
