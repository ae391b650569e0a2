import { execFileSync } from "node:child_process";

export interface GitInfo {
  sha: string | null;
  ref: string | null;
}

function git(cwd: string, args: string[]): string | null {
  try {
    return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim() || null;
  } catch {
    return null; // not a repository or git not installed: the baseline simply records no sha
  }
}

/** Commit and ref the measurements belong to: GitHub's env first (CI), then git itself. */
export function gitInfo(cwd: string, env: NodeJS.ProcessEnv = process.env): GitInfo {
  const sha = env["GITHUB_SHA"] || git(cwd, ["rev-parse", "HEAD"]);
  let ref = env["GITHUB_REF"] || null;
  if (!ref) {
    const branch = git(cwd, ["symbolic-ref", "-q", "HEAD"]);
    ref = branch ?? null;
  }
  return { sha: sha ?? null, ref };
}
