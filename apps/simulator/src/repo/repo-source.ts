import { existsSync, realpathSync, statSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { execa } from "execa";
import { SimulatorError } from "../errors.ts";

/**
 * A user's repository, read only through git: the simulator's work copies come from its history
 * (and, with --include-uncommitted, its working tree's changes), never by writing into it.
 */
export interface RepoSource {
  /** Absolute top-level directory of the repository (never written to). */
  dir: string;
  /** The branch that plays `main` (the one baselines are established on). */
  mainBranch: string;
  /** Commit of mainBranch in DIR. */
  mainSha: string;
  /** `owner/name` the mock GitHub knows the repository as. */
  repo: string;
  /** --include-uncommitted: the working tree's changes against HEAD, as a binary patch, and untracked files. */
  uncommitted?: { patch: string; untracked: string[] };
}

export interface RepoSourceOptions {
  mainBranch?: string;
  includeUncommitted?: boolean;
}

// Fixed identity, no user or system config; GIT_OPTIONAL_LOCKS=0 keeps `git status`/`git diff`
// from refreshing DIR's index (the one write a read-only git command may otherwise do).
export const GIT_ENV = {
  GIT_AUTHOR_NAME: "perfgate simulator",
  GIT_AUTHOR_EMAIL: "simulator@perfgate.invalid",
  GIT_COMMITTER_NAME: "perfgate simulator",
  GIT_COMMITTER_EMAIL: "simulator@perfgate.invalid",
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CONFIG_GLOBAL: "/dev/null",
  GIT_OPTIONAL_LOCKS: "0",
  GIT_TERMINAL_PROMPT: "0",
};

export async function git(
  cwd: string,
  args: string[],
  opts: { input?: string } = {},
): Promise<{ ok: boolean; stdout: string; stderr: string }> {
  const res = await execa("git", args, {
    cwd,
    env: GIT_ENV,
    reject: false,
    stripFinalNewline: false,
    ...(opts.input !== undefined ? { input: opts.input } : {}),
  });
  return { ok: res.exitCode === 0, stdout: String(res.stdout), stderr: String(res.stderr).trim() };
}

async function gitOrThrow(cwd: string, args: string[], what: string): Promise<string> {
  const res = await git(cwd, args);
  if (!res.ok) {
    throw new SimulatorError(
      "GIT_FAILED",
      `${what}: git ${args.join(" ")} failed in ${cwd}: ${res.stderr}`,
      "Check that git is installed (`git --version`) and the disk is writable.",
    );
  }
  return res.stdout;
}

/** Checks DIR is a git repository with a main branch and reads what the work copies need. */
export async function openRepoSource(dirArg: string, opts: RepoSourceOptions = {}): Promise<RepoSource> {
  const given = resolve(dirArg);
  if (!existsSync(given) || !statSync(given).isDirectory()) {
    throw new SimulatorError(
      "REPO_INVALID",
      `--repo ${dirArg}: ${given} is not a directory`,
      "Pass the top-level directory of your project's git repository.",
    );
  }
  const top = await git(given, ["rev-parse", "--show-toplevel"]);
  if (!top.ok) {
    throw new SimulatorError(
      "REPO_NOT_GIT",
      `--repo ${dirArg}: ${given} is not a git repository (${top.stderr.split("\n")[0]})`,
      "The simulator takes your project from its git history: run `git init && git add -A && git commit -m init` in it first, or pass the repository's directory.",
    );
  }
  const dir = realpathSync(top.stdout.trim());
  if (dir !== realpathSync(given)) {
    throw new SimulatorError(
      "REPO_INVALID",
      `--repo ${dirArg} is a subdirectory of the git repository ${dir}`,
      `Pass the repository's top level: --repo ${dir}.`,
    );
  }
  const mainBranch = opts.mainBranch ?? (await guessMainBranch(dir));
  const sha = await git(dir, ["rev-parse", "--verify", "--quiet", `refs/heads/${mainBranch}^{commit}`]);
  if (!sha.ok) {
    const branches = (await git(dir, ["for-each-ref", "--format=%(refname:short)", "refs/heads"])).stdout.trim();
    throw new SimulatorError(
      "REPO_NO_MAIN_BRANCH",
      `${dir} has no branch ${mainBranch} with a commit (branches: ${branches.split("\n").filter(Boolean).join(", ") || "none: nothing is committed yet"})`,
      branches
        ? "Pass the branch your CI establishes baselines on with --main-branch BRANCH."
        : "Commit your project first (`git add -A && git commit`).",
    );
  }
  const source: RepoSource = { dir, mainBranch, mainSha: sha.stdout.trim(), repo: await repoName(dir) };
  if (opts.includeUncommitted) {
    const patch = await gitOrThrow(dir, ["diff", "--binary", "HEAD"], "reading uncommitted changes");
    const untracked = (await gitOrThrow(dir, ["ls-files", "-z", "--others", "--exclude-standard"], "listing files"))
      .split("\0")
      .filter(Boolean);
    source.uncommitted = { patch, untracked };
  }
  return source;
}

async function guessMainBranch(dir: string): Promise<string> {
  for (const b of ["main", "master"]) {
    if ((await git(dir, ["rev-parse", "--verify", "--quiet", `refs/heads/${b}`])).ok) return b;
  }
  return "main"; // reported as missing by the caller, with the branches there are
}

/** owner/name from a GitHub remote, else local/<directory name>: what GITHUB_REPOSITORY reads in the job. */
async function repoName(dir: string): Promise<string> {
  const url = (await git(dir, ["config", "--get", "remote.origin.url"])).stdout.trim();
  const m = /github\.com[:/]([\w.-]+)\/([\w.-]+?)(\.git)?$/.exec(url);
  if (m) return `${m[1]}/${m[2]}`;
  const name = basename(dir).replace(/[^\w.-]/g, "-") || "project";
  return `local/${name}`;
}

/** A file of main's commit (not the working tree), or null when it is not there. */
export async function readCommitted(source: RepoSource, path: string): Promise<string | null> {
  const res = await git(source.dir, ["show", `${source.mainSha}:${path}`]);
  return res.ok ? res.stdout : null;
}

export async function listCommitted(source: RepoSource, dir: string): Promise<string[]> {
  const res = await git(source.dir, ["ls-tree", "--name-only", `${source.mainSha}`, `${dir.replace(/\/$/, "")}/`]);
  return res.ok ? res.stdout.split("\n").filter(Boolean) : [];
}

/** The change a PR branch carries on top of main. */
export type PrChange = { kind: "none" } | { kind: "patch"; file: string } | { kind: "branch"; branch: string };

export interface RepoWorkCopy {
  dir: string;
  branch: string;
  sha: string;
}

/**
 * A fresh clone of DIR with its history: `main` at DIR's main branch (plus, with
 * --include-uncommitted, one commit holding the working tree's changes) and, for a PR, the PR
 * branch on top. The clone has no remote, so nothing done in it can reach DIR.
 */
export async function createRepoWorkCopy(
  source: RepoSource,
  opts: { parent: string; label: string; branch: string; change: PrChange; commitMessage: string },
): Promise<RepoWorkCopy> {
  await mkdir(opts.parent, { recursive: true });
  const dir = await mkdtemp(join(opts.parent, `${opts.label}-`));
  try {
    const run = (args: string[], what: string) => gitOrThrow(dir, args, what);
    // --no-local: objects are copied, not hard-linked into DIR's object store.
    await gitOrThrow(opts.parent, ["clone", "-q", "--no-local", "--no-checkout", source.dir, dir], "cloning --repo");
    await run(["checkout", "-q", "-B", "main", source.mainSha], "checking out main");
    if (opts.change.kind === "branch") {
      await run(["branch", "-q", "pr-source", `origin/${opts.change.branch}`], "taking --regression-branch");
    }
    await run(["remote", "remove", "origin"], "detaching the copy from --repo");
    if (source.uncommitted) await layUncommitted(source, dir);
    const mainSha = (await run(["rev-parse", "HEAD"], "reading main")).trim();
    if (opts.branch === "main") return { dir, branch: "main", sha: mainSha };

    if (opts.change.kind === "branch") {
      // The PR is the branch's commits rebuilt on main's tip, as GitHub's merge preview sees them.
      await run(["checkout", "-q", "-b", opts.branch, "pr-source"], "checking out --regression-branch");
      const merged = await git(dir, ["merge", "-q", "--no-edit", "main"]);
      if (!merged.ok) {
        throw new SimulatorError(
          "PATCH_DOES_NOT_APPLY",
          `--regression-branch ${opts.change.branch} does not merge with ${source.mainBranch}: ${merged.stderr || merged.stdout.trim()}`,
          `Rebase ${opts.change.branch} on ${source.mainBranch} in your repository first.`,
        );
      }
    } else {
      await run(["checkout", "-q", "-b", opts.branch], "making the PR branch");
      if (opts.change.kind === "patch") await applyPatch(dir, opts.change.file);
      await run(["commit", "-q", "--allow-empty", "-m", opts.commitMessage], "committing the PR change");
    }
    const sha = (await run(["rev-parse", "HEAD"], "reading the PR commit")).trim();
    return { dir, branch: opts.branch, sha };
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

export async function applyPatch(dir: string, file: string): Promise<void> {
  const text = await readFile(file, "utf8");
  const res = await git(dir, ["apply", "--index", "--whitespace=nowarn", "-"], { input: text });
  if (!res.ok) {
    throw new SimulatorError(
      "PATCH_DOES_NOT_APPLY",
      `--regression-patch ${file} does not apply to the main branch: ${res.stderr}`,
      "Make the patch against the main branch's tip (`git diff main > slow.patch` on a branch made from it).",
    );
  }
}

async function layUncommitted(source: RepoSource, dir: string): Promise<void> {
  const u = source.uncommitted!;
  if (u.patch.trim()) {
    const res = await git(dir, ["apply", "--index", "--whitespace=nowarn", "-"], { input: u.patch });
    if (!res.ok) {
      throw new SimulatorError(
        "PATCH_DOES_NOT_APPLY",
        `--include-uncommitted: the working tree's changes do not apply to ${source.mainBranch}: ${res.stderr}`,
        `Check out ${source.mainBranch} in ${source.dir} (the changes are taken against HEAD), or commit them.`,
      );
    }
  }
  const { cp } = await import("node:fs/promises");
  for (const f of u.untracked) await cp(join(source.dir, f), join(dir, f), { recursive: true });
  await gitOrThrow(dir, ["add", "-A"], "staging uncommitted changes");
  await gitOrThrow(
    dir,
    ["commit", "-q", "--allow-empty", "-m", "Uncommitted changes of the working tree (--include-uncommitted)"],
    "committing uncommitted changes",
  );
}

/** Checks the PR's change before any workflow runs: a patch that does not apply fails here, with git's words. */
export async function checkPrChange(source: RepoSource, change: PrChange, scratch: string): Promise<void> {
  if (change.kind === "none") return;
  if (change.kind === "branch") {
    const ok = await git(source.dir, ["rev-parse", "--verify", "--quiet", `refs/heads/${change.branch}^{commit}`]);
    if (!ok.ok) {
      throw new SimulatorError(
        "REPO_NO_BRANCH",
        `--regression-branch ${change.branch}: ${source.dir} has no such branch`,
        "Pass a local branch of the repository (`git branch` lists them).",
      );
    }
    return;
  }
  if (!existsSync(change.file) || !statSync(change.file).isFile()) {
    throw new SimulatorError(
      "PATCH_NOT_FOUND",
      `--regression-patch ${change.file} does not exist`,
      "Pass the path of a patch file (e.g. `git diff main > slow.patch`).",
    );
  }
  const copy = await createRepoWorkCopy(source, {
    parent: scratch,
    label: "patch-check",
    branch: "perfgate-sim/patch-check",
    change,
    commitMessage: "patch check",
  });
  await rm(copy.dir, { recursive: true, force: true });
}
