import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import { UsageError } from "../errors.ts";
import { COMMIT_ID } from "../git-info.ts";
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
  /** git itself could not be started (not installed, not on PATH). */
  spawnError?: boolean;
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
    child.once("error", (error) => resolve({ code: 128, stdout: "", stderr: error.message, spawnError: true }));
    child.once("close", (code) => resolve({ code: code ?? 128, stdout: text(stdout), stderr: text(stderr) }));
  });
}

const SHALLOW_REMEDY =
  "check out the full history so perfgate can measure the base commit beside your change: in GitHub Actions, `uses: actions/checkout@v4` with `with: { fetch-depth: 0 }`; locally, `git fetch --unshallow`";

/** The commit `ref` names in the repository holding `projectRoot`, for `--base`; a UsageError when none. */
export async function resolveBaseRef(projectRoot: string, ref: string): Promise<string> {
  const remedy =
    "name the base commit with a branch, tag or commit id that `git rev-parse` knows here (in a shallow clone, `git fetch origin <branch>` first; in GitHub Actions, check out with `fetch-depth: 0`)";
  if (ref.trim() === "") throw new UsageError("--base is empty", remedy);
  // An option-like or multi-word value is never a revision: refuse it before git sees it.
  if (ref.startsWith("-") || /[\s\u0000-\u001f\u007f]/.test(ref))
    throw new UsageError(`--base ${JSON.stringify(ref)} is not a commit, branch or tag`, remedy);
  const resolved = await git(projectRoot, ["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`]);
  if (resolved.code === 0 && COMMIT_ID.test(resolved.stdout)) return resolved.stdout;
  if (resolved.spawnError) throw new UsageError(`git is not installed (not on PATH: ${resolved.stderr})`, GIT_REMEDY);
  // A full commit id that a shallow clone lacks is fetched by checkoutBase.
  const shallow = (await git(projectRoot, ["rev-parse", "--is-shallow-repository"])).stdout === "true";
  if (shallow && COMMIT_ID.test(ref)) return ref;
  throw new UsageError(`--base ${JSON.stringify(ref)} is not a commit, branch or tag of this repository`, remedy);
}

const GIT_REMEDY = "install git (paired mode checks the base commit out with `git worktree`), or pass --no-paired";

/**
 * Put commit `sha` (a full commit id: from the baseline file, or resolveBaseRef) of the
 * repository holding `projectRoot` into a temporary `git worktree`. A shallow clone that lacks the
 * commit fetches just that commit first. Every failure is a reason to fall back to the stored
 * baseline, never an exception.
 */
export async function checkoutBase(
  projectRoot: string,
  sha: string,
  onProgress: (message: string) => void = () => {},
): Promise<BaseCheckout> {
  // Data from a baseline file reaches git here: only a commit id may (an option or a refspec
  // would run a command or move a branch).
  if (!COMMIT_ID.test(sha)) {
    return {
      ok: false,
      reason: `the base ${JSON.stringify(sha.slice(0, 80))} is not a commit id`,
      remedy: "re-establish the baseline on main",
    };
  }
  const top = await git(projectRoot, ["rev-parse", "--show-toplevel"]);
  if (top.code !== 0) {
    return top.spawnError
      ? { ok: false, reason: `git is not installed (not on PATH: ${top.stderr})`, remedy: GIT_REMEDY }
      : {
          ok: false,
          reason: `${projectRoot} is not inside a git repository (${top.stderr || `git exit ${top.code}`})`,
          remedy: "run perfgate check in a git checkout of the project",
        };
  }
  const repo = top.stdout;
  const relative = path.relative(repo, path.resolve(projectRoot));
  let resolved = await git(repo, ["rev-parse", "--verify", "--quiet", "--end-of-options", `${sha}^{commit}`]);
  if (resolved.code !== 0) {
    const shallow = (await git(repo, ["rev-parse", "--is-shallow-repository"])).stdout === "true";
    if (!shallow) {
      return {
        ok: false,
        reason: `the base commit ${sha} is not in this repository (was the baseline measured on a commit that was since rewritten, or in another repository?)`,
        remedy: "re-establish the baseline on main, or name the base explicitly with --base REF",
      };
    }
    onProgress(`the clone is shallow and lacks ${sha}: fetching that commit (git fetch --depth=1 origin ${sha})`);
    const fetched = await git(repo, ["fetch", "--quiet", "--depth=1", "--end-of-options", "origin", sha]);
    resolved =
      fetched.code === 0 ? await git(repo, ["rev-parse", "--verify", "--quiet", "FETCH_HEAD^{commit}"]) : fetched;
    if (resolved.code !== 0) {
      return {
        ok: false,
        reason: `this is a shallow clone without the base commit ${sha}, and fetching it failed (${lastLine(fetched.stderr) || `git exit ${fetched.code}`})`,
        remedy: SHALLOW_REMEDY,
      };
    }
  }
  const base = resolved.stdout;
  const head = await git(repo, ["rev-parse", "--verify", "--quiet", "HEAD^{commit}"]);
  const clean = (await git(repo, ["diff", "--quiet", "HEAD", "--"])).code === 0;
  if (head.stdout === base && clean) {
    // The pairs would measure the same code twice: an `unchanged` that says nothing.
    return {
      ok: false,
      reason: `the base commit ${base.slice(0, 12)} is this tree's own commit (HEAD), so pairs would compare the code with itself`,
      remedy:
        "measure the commit your change starts from: --base <its branch or commit>, or a baseline established on main",
    };
  }
  return addWorktree(repo, relative, base);
}

/** `git worktree add` of `sha` in a fresh temporary folder, removed (with git's entry for it) however perfgate ends. */
async function addWorktree(repo: string, relative: string, sha: string): Promise<BaseCheckout> {
  const made = await makeTempDir("perfgate-base-", "the base commit's temporary worktree", "pass --no-paired");
  if (!made.ok) return made;
  const dir = made.dir;
  let removed = false;
  let adminDir: string | undefined;
  const removeSync = () => {
    if (removed) return;
    removed = true;
    // On the way out of the process only synchronous work runs. `remove -f -f` also takes a
    // worktree that a killed `git worktree add` left locked; git's entry for ours goes by hand
    // when it could not, never by a prune that would take the user's own stale worktrees too.
    try {
      execFileSync("git", ["worktree", "remove", "--force", "--force", dir], { cwd: repo, stdio: "ignore" });
    } catch {
      if (adminDir) rmSync(adminDir, { recursive: true, force: true });
    }
    rmSync(dir, { recursive: true, force: true });
  };
  // From here on, however perfgate ends (the CLI turns signals into an exit), the folder goes.
  process.once("exit", removeSync);
  const added = await git(repo, ["worktree", "add", "--detach", "--force", "--end-of-options", dir, sha]);
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
  const gitDir = await git(dir, ["rev-parse", "--absolute-git-dir"]);
  if (gitDir.code === 0 && gitDir.stdout.includes(`${path.sep}worktrees${path.sep}`)) adminDir = gitDir.stdout;
  return {
    ok: true,
    tree: {
      projectDir: path.join(dir, relative),
      sha,
      async remove() {
        process.off("exit", removeSync);
        if (removed) return;
        removed = true;
        const r = await git(repo, ["worktree", "remove", "--force", "--force", dir]);
        if (r.code !== 0 && adminDir) await rm(adminDir, { recursive: true, force: true });
        await rm(dir, { recursive: true, force: true });
      },
    },
  };
}

/**
 * git's own reason: its `fatal:`/`error:` lines, which a continuation line often follows
 * ("Please make sure you have the correct access rights\nand the repository exists."), else the last line.
 */
function lastLine(text: string): string {
  const lines = text.split("\n").filter(Boolean);
  const said = lines.filter((l) => /^(fatal|error):/.test(l));
  return (said.length > 0 ? said.join("; ") : lines.at(-1)) ?? "";
}
