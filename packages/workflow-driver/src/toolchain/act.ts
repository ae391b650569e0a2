import { mkdir, mkdtemp, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import type { ToolchainContext } from "./context.ts";
import { ToolchainError, tail } from "./errors.ts";
import { findExecutable } from "./host.ts";

export const ACT_VERSION = "0.2.87";
export const ACT_MODULE = "github.com/nektos/act";

export interface ActInfo {
  path: string;
  version: string;
}

/** Version an act binary reports (`act version X`), or undefined when it does not run. */
export async function readActVersion(path: string, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  try {
    const res = await execa(path, ["--version"], {
      env: { ...env, ACT_DISABLE_VERSION_CHECK: "1" },
      timeout: 15_000,
      stdin: "ignore",
      reject: false,
    });
    return /act version v?(\S+)/.exec(res.stdout)?.[1];
  } catch {
    return undefined;
  }
}

/** An `act` on PATH (never used, only reported), with the version it claims. */
export async function findActOnPath(env: NodeJS.ProcessEnv): Promise<{ path: string; version?: string } | undefined> {
  const path = await findExecutable("act", env);
  if (!path) return undefined;
  return { path, version: await readActVersion(path, env) };
}

/** Sentence about an act on PATH that perfgate ignores, or "" when there is none of another version. */
export async function describeIgnoredPathAct(env: NodeJS.ProcessEnv, pinnedPath: string): Promise<string> {
  const other = await findActOnPath(env);
  if (!other || other.path === pinnedPath || other.version === ACT_VERSION) return "";
  return `The act at ${other.path} (version ${other.version ?? "unknown"}) is not v${ACT_VERSION} and is not used.`;
}

export async function findGo(ctx: ToolchainContext): Promise<string | undefined> {
  return findExecutable("go", ctx.env, ctx.extraGoDirs);
}

/**
 * act v0.2.87 at `<tools>/act`: reused when present, else built with `go install`
 * into a temporary folder next to it, verified, and renamed into place.
 */
export async function ensureAct(ctx: ToolchainContext): Promise<ActInfo & { built: boolean }> {
  const target = ctx.paths.act;
  const current = await readActVersion(target, ctx.env);
  if (current === ACT_VERSION) {
    ctx.progress(`act: ${ACT_VERSION} ready (${target})`);
    return { path: target, version: current, built: false };
  }
  const why = current
    ? `${target} reports version ${current}, not ${ACT_VERSION}`
    : `act ${ACT_VERSION} is not installed at ${target}`;

  const go = await findGo(ctx);
  if (!go) {
    const ignored = await describeIgnoredPathAct(ctx.env, target);
    throw new ToolchainError(
      "GO_MISSING",
      `${why}, and perfgate builds it from source with Go, but \`go\` was not found on PATH${ctx.extraGoDirs.length ? ` or in ${ctx.extraGoDirs.join(", ")}` : ""}.${ignored ? ` ${ignored}` : ""}`,
      `Install Go 1.24 or newer (Debian: \`apt-get install golang-go\`, or the tarball from go.dev into /usr/local/go) and run \`pnpm toolchain\` again; or put act v${ACT_VERSION} at ${target}.`,
    );
  }

  ctx.progress(`act: ${why}; building v${ACT_VERSION} with ${go} install (about 2 minutes)`);
  await mkdir(ctx.paths.toolsDir, { recursive: true });
  // Same folder as the target, so the final rename is atomic and a failed build leaves nothing behind.
  const buildDir = await mkdtemp(join(ctx.paths.toolsDir, ".act-build-"));
  try {
    await goInstall(ctx, go, buildDir);
    const built = join(buildDir, "act");
    const version = await readActVersion(built, ctx.env);
    if (version !== ACT_VERSION) {
      throw new ToolchainError(
        "ACT_BUILD_FAILED",
        `\`go install ${ACT_MODULE}@v${ACT_VERSION}\` produced a binary that reports version ${version ?? "(none: it does not run)"}, not ${ACT_VERSION}; it was discarded.`,
        `Check GOFLAGS/GOPROXY for settings that change the module (a replace or a private proxy), then run \`pnpm toolchain\` again.`,
      );
    }
    await rename(built, target);
    ctx.progress(`act: built ${ACT_VERSION} (${target})`);
    return { path: target, version, built: true };
  } finally {
    await rm(buildDir, { recursive: true, force: true });
  }
}

async function goInstall(ctx: ToolchainContext, go: string, gobin: string): Promise<void> {
  const env: NodeJS.ProcessEnv = { ...ctx.env, GOBIN: gobin, CGO_ENABLED: "0" };
  // Without HOME, go cannot place its module and build caches; keep them in the tools folder.
  if (!env.HOME && !env.GOPATH) env.GOPATH = join(ctx.paths.home, "go");
  if (!env.HOME && !env.GOCACHE) env.GOCACHE = join(ctx.paths.home, "go-build-cache");

  const started = Date.now();
  const heartbeat = setInterval(() => {
    ctx.progress(`act: still building (${Math.round((Date.now() - started) / 1000)} s)`);
  }, 20_000);
  try {
    const res = await execa(go, ["install", `${ACT_MODULE}@v${ACT_VERSION}`], {
      env,
      all: true,
      reject: false,
      stdin: "ignore",
      timeout: 20 * 60_000,
    });
    if (res.exitCode !== 0) {
      throw new ToolchainError(
        "ACT_BUILD_FAILED",
        `\`go install ${ACT_MODULE}@v${ACT_VERSION}\` failed (${res.timedOut ? "timed out" : `exit ${res.exitCode}`}); nothing was installed. Go said:\n${tail(res.all ?? "", 8)}`,
        `Make sure the Go module proxy (${env.GOPROXY ?? "GOPROXY, default https://proxy.golang.org"}) is reachable and Go is 1.24 or newer, then run \`pnpm toolchain\` again.`,
      );
    }
  } finally {
    clearInterval(heartbeat);
  }
}
