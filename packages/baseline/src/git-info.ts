import { execFileSync } from "node:child_process";

/** A full commit id, SHA-1 or SHA-256: the only form a baseline records. */
export const COMMIT_ID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

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
  const sha = [env["GITHUB_SHA"], git(cwd, ["rev-parse", "HEAD"])].find((s) => s && COMMIT_ID.test(s));
  let ref = env["GITHUB_REF"] || null;
  if (!ref) {
    const branch = git(cwd, ["symbolic-ref", "-q", "HEAD"]);
    ref = branch ?? null;
  }
  return { sha: sha ?? null, ref };
}
