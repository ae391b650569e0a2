import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import { spawnGroup } from "../measure/process-group.ts";
import { makeTempDir } from "../temp-dir.ts";

/** The base commit checked out beside the working tree, for paired measurement. */
export interface BaseTree {
  /** The project directory inside the worktree (the same relative place as the head project). */
  projectDir: string;
  sha: string;
  /**
   * Remove the worktree (idempotent). Also done on exit, which the perfgate CLI turns a signal
   * into (SIGINT/SIGTERM/SIGHUP: cli/stop.ts); a library caller that handles signals should exit too.
   */
  remove(): Promise<void>;
}

export type BaseCheckout = { ok: true; tree: BaseTree } | { ok: false; reason: string; remedy: string };

interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run git in a process group of its own, so that a signal to perfgate stops a hanging `git fetch` too. */
function git(cwd: string, args: string[]): Promise<GitResult> {
  return new Promise((resolve) => {
    const child = spawnGroup("git", args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout?.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr?.on("data", (chunk: Buffer) => stderr.push(chunk));
    const text = (chunks: Buffer[]) => Buffer.concat(chunks).toString("utf8").trim();
    child.once("error", (error) => resolve({ code: 128, stdout: "", stderr: error.message }));
    child.once("close", (code) => resolve({ code: code ?? 128, stdout: text(stdout), stderr: text(stderr) }));
  });
}

const SHALLOW_REMEDY =
  "check out the full history so perfgate can measure the base commit beside your change: in GitHub Actions, `uses: actions/checkout@v4` with `with: { fetch-depth: 0 }`; locally, `git fetch --unshallow`";

/**
 * Put `ref` (a commit sha, branch or tag) of the repository holding `projectRoot` into a
 * temporary `git worktree`. A shallow clone that lacks the commit fetches just that commit
 * first. Every failure is a reason to fall back to the stored baseline, never an exception.
 */
export async function checkoutBase(
  projectRoot: string,
  ref: string,
  onProgress: (message: string) => void = () => {},
): Promise<BaseCheckout> {
  const top = await git(projectRoot, ["rev-parse", "--show-toplevel"]);
  if (top.code !== 0) {
    return {
      ok: false,
      reason: `${projectRoot} is not inside a git repository (${top.stderr || `git exit ${top.code}`})`,
      remedy: "run perfgate check in a git checkout of the project",
    };
  }
  const repo = top.stdout;
  const relative = path.relative(repo, path.resolve(projectRoot));
  let resolved = await git(repo, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
  if (resolved.code !== 0) {
    const shallow = (await git(repo, ["rev-parse", "--is-shallow-repository"])).stdout === "true";
    if (!shallow) {
      return {
        ok: false,
        reason: `the base commit ${ref} is not in this repository (was the baseline measured on a commit that was since rewritten, or in another repository?)`,
        remedy: "re-establish the baseline on main, or name the base explicitly with --base REF",
      };
    }
    onProgress(`the clone is shallow and lacks ${ref}: fetching that commit (git fetch --depth=1 origin ${ref})`);
    const fetched = await git(repo, ["fetch", "--quiet", "--depth=1", "origin", ref]);
    resolved =
      fetched.code === 0 ? await git(repo, ["rev-parse", "--verify", "--quiet", "FETCH_HEAD^{commit}"]) : fetched;
    if (resolved.code !== 0) {
      return {
        ok: false,
        reason: `this is a shallow clone without the base commit ${ref}, and fetching it failed (${lastLine(fetched.stderr) || `git exit ${fetched.code}`})`,
        remedy: SHALLOW_REMEDY,
      };
    }
  }
  const sha = resolved.stdout;
  const made = await makeTempDir("perfgate-base-", "the base commit's temporary worktree", "pass --no-paired");
  if (!made.ok) return made;
  const dir = made.dir;
  let removed = false;
  const removeSync = () => {
    if (removed) return;
    removed = true;
    // On the way out of the process only synchronous work runs. `remove -f -f` also takes a
    // worktree that a killed `git worktree add` left locked (prune skips those); then the folder.
    for (const args of [
      ["worktree", "remove", "--force", "--force", dir],
      ["worktree", "prune"],
    ]) {
      try {
        execFileSync("git", args, { cwd: repo, stdio: "ignore" });
      } catch {
        // Best effort: the folder goes below either way; a stale entry goes at the next prune.
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  // From here on, however perfgate ends (the CLI turns signals into an exit), the folder goes.
  process.once("exit", removeSync);
  const added = await git(repo, ["worktree", "add", "--detach", "--force", dir, sha]);
  if (added.code !== 0) {
    process.off("exit", removeSync);
    removed = true;
    await rm(dir, { recursive: true, force: true });
    return {
      ok: false,
      reason: `git worktree add of ${sha.slice(0, 12)} failed (${lastLine(added.stderr) || `git exit ${added.code}`})`,
      remedy: "check that the repository is writable and `git worktree add` works here",
    };
  }
  return {
    ok: true,
    tree: {
      projectDir: path.join(dir, relative),
      sha,
      async remove() {
        process.off("exit", removeSync);
        if (removed) return;
        removed = true;
        await git(repo, ["worktree", "remove", "--force", dir]);
        await rm(dir, { recursive: true, force: true });
        await git(repo, ["worktree", "prune"]);
      },
    },
  };
}

function lastLine(text: string): string {
  return text.split("\n").filter(Boolean).at(-1) ?? "";
}
