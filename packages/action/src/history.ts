import { execFileSync } from "node:child_process";

/** true/false for a git work tree, undefined when it is not one (or git is missing). */
export function isShallowClone(dir: string): boolean | undefined {
  try {
    return (
      execFileSync("git", ["rev-parse", "--is-shallow-repository"], { cwd: dir, encoding: "utf8" }).trim() === "true"
    );
  } catch {
    return undefined;
  }
}

/** Whether `sha` is a commit of the repository in `dir`. */
export function hasCommit(dir: string, sha: string): boolean {
  try {
    execFileSync("git", ["cat-file", "-e", `${sha}^{commit}`], { cwd: dir, stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/**
 * `sha` in the clone, fetching just that commit into a shallow one first (as `perfgate check`
 * would); or why it cannot be had.
 */
export function ensureCommit(dir: string, sha: string): { ok: true } | { ok: false; reason: string } {
  if (hasCommit(dir, sha)) return { ok: true };
  const short = sha.slice(0, 12);
  const shallow = isShallowClone(dir);
  if (shallow === undefined)
    return { ok: false, reason: `${dir} is not a git clone, so the base commit ${short} is not in it` };
  if (!shallow) return { ok: false, reason: `the base commit ${short} is not in this clone` };
  try {
    execFileSync("git", ["fetch", "--quiet", "--depth=1", "origin", sha], {
      cwd: dir,
      stdio: ["ignore", "ignore", "pipe"],
      timeout: 120_000,
    });
  } catch (error) {
    const said = String((error as { stderr?: unknown }).stderr ?? "")
      .trim()
      .split("\n")
      .at(-1);
    return {
      ok: false,
      reason: `the base commit ${short} is not in this shallow clone, and fetching it failed (${said || "git fetch failed"})`,
    };
  }
  return hasCommit(dir, sha)
    ? { ok: true }
    : { ok: false, reason: `the base commit ${short} is not in this shallow clone, and fetching it did not bring it` };
}
