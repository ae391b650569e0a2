import { execa } from "execa";
import which from "which";
import type { ToolchainContext } from "./context.ts";
import { ToolchainError, tail } from "./errors.ts";

/** Absolute path of `name` on the context's PATH (then `extraDirs`), or undefined. */
export async function findExecutable(
  name: string,
  env: NodeJS.ProcessEnv,
  extraDirs: string[] = [],
): Promise<string | undefined> {
  const path = [env.PATH ?? "", ...extraDirs].filter(Boolean).join(":");
  if (!path) return undefined;
  return (await which(name, { path, nothrow: true })) ?? undefined;
}

export function isRoot(ctx: ToolchainContext): boolean {
  return ctx.uid === 0;
}

/**
 * Installs Debian packages with apt-get (root only). `why` names what needs them,
 * so the error says why perfgate tried.
 */
export async function aptInstall(ctx: ToolchainContext, packages: string[], why: string): Promise<void> {
  const list = packages.join(" ");
  if (!isRoot(ctx)) {
    throw new ToolchainError(
      "NOT_ROOT",
      `${why} needs ${list}, which is not installed, and perfgate installs packages only when it runs as root.`,
      `Install it yourself (Debian: \`sudo apt-get install ${list}\`), or run perfgate as root.`,
    );
  }
  const aptGet = await findExecutable("apt-get", ctx.env);
  if (!aptGet) {
    throw new ToolchainError(
      "NO_APT",
      `${why} needs ${list}, which is not installed, and apt-get was not found on PATH, so perfgate cannot install it (it installs packages only on Debian-like systems).`,
      `Install ${list} with your system's package manager, then run \`pnpm toolchain\` again.`,
    );
  }
  const env = { ...ctx.env, DEBIAN_FRONTEND: "noninteractive" };
  for (const args of [["update"], ["install", "-y", "--no-install-recommends", ...packages]]) {
    ctx.progress(`apt-get ${args[0]} ${args[0] === "install" ? list : ""}`.trimEnd());
    const res = await execa(aptGet, args, { env, all: true, reject: false, stdin: "ignore" });
    if (res.exitCode !== 0) {
      throw new ToolchainError(
        "APT_FAILED",
        `\`apt-get ${args.join(" ")}\` failed (exit ${res.exitCode}) while installing ${list} for ${why}: ${tail(res.all ?? "", 5)}`,
        `Check that Debian's package mirror is reachable (see /etc/apt/sources.list*), or install ${list} yourself.`,
      );
    }
  }
}

/** Resolves a Debian tool, installing `pkg` via apt when it is missing. */
export async function ensureDebianTool(ctx: ToolchainContext, tool: string, pkg: string, why: string): Promise<string> {
  const found = await findExecutable(tool, ctx.env);
  if (found) return found;
  await aptInstall(ctx, [pkg], why);
  const installed = await findExecutable(tool, ctx.env);
  if (!installed) {
    throw new ToolchainError(
      "APT_FAILED",
      `apt-get installed ${pkg}, but ${tool} is still not found on PATH.`,
      `Check \`dpkg -L ${pkg}\` and add its directory to PATH.`,
    );
  }
  return installed;
}
