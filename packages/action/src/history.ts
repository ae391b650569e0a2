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
