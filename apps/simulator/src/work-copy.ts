import { existsSync } from "node:fs";
import { chmod, copyFile, cp, mkdir, mkdtemp } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { SimulatorError } from "./errors.ts";
import { paths } from "./paths.ts";
import { GIT_ENV as FIXED_GIT_ENV } from "./repo/repo-source.ts";

/** The message of main's tip commit (the push the main scenario replays). */
export const MAIN_TIP_MESSAGE = "Gate performance with perfgate";

export interface WorkCopy {
  dir: string;
  branch: string;
  sha: string;
}

export interface WorkCopyOptions {
  /** Parent directory; the copy gets a fresh directory inside it. */
  parent: string;
  label: string;
  /** The branch the scenario's commit lands on (`main`, or a PR branch made from main). */
  branch: string;
  /** Directory under apps/simulator/variants/ whose files are laid over the sample (the PR's change). */
  variant?: string;
  commitMessage: string;
  sampleDir?: string;
  bundle?: string;
}

// Fixed identity and dates: the copy must not depend on the user's git configuration, and main's
// commit must be the same in every scenario's copy (one repository's history, as on GitHub), so
// the commit a baseline records is there for a later PR to measure beside its own (paired mode).
const GIT_ENV = {
  ...FIXED_GIT_ENV,
  GIT_AUTHOR_DATE: "2026-01-05T09:00:00Z",
  GIT_COMMITTER_DATE: "2026-01-05T09:00:00Z",
};

/**
 * A git repository holding the sample project as a user's repository would: main with the
 * project and perfgate's CLI at tools/perfgate.cjs, plus (for a PR) a branch with one more commit.
 */
export async function createWorkCopy(opts: WorkCopyOptions): Promise<WorkCopy> {
  const bundle = opts.bundle ?? paths.perfgateBundle();
  if (!existsSync(bundle)) {
    throw new SimulatorError(
      "BUNDLE_MISSING",
      `perfgate's CLI bundle ${bundle} does not exist`,
      "Build it with `pnpm --filter @perfgate/baseline build` (./dev.sh does this for you).",
    );
  }
  await mkdir(opts.parent, { recursive: true });
  const dir = await mkdtemp(join(opts.parent, `${opts.label}-`));
  await cp(opts.sampleDir ?? paths.sampleRepo, dir, { recursive: true });
  await mkdir(join(dir, "tools"), { recursive: true });
  await copyFile(bundle, join(dir, "tools", "perfgate.cjs"));
  await chmod(join(dir, "tools", "perfgate.cjs"), 0o755);

  const git = (...args: string[]) => runGit(dir, args);
  await git("init", "-q", "-b", "main");
  await git("add", "-A");
  await git("commit", "-q", "-m", "Sample project with the perfgate gate");
  // main's tip is the same commit in every copy; a PR branches from it, as on GitHub.
  if (opts.branch === "main" && !opts.variant) {
    await git("commit", "-q", "--allow-empty", "-m", MAIN_TIP_MESSAGE);
    return { dir, branch: "main", sha: (await git("rev-parse", "HEAD")).trim() };
  }
  await git("commit", "-q", "--allow-empty", "-m", MAIN_TIP_MESSAGE);
  if (opts.branch !== "main") await git("checkout", "-q", "-b", opts.branch);
  if (opts.variant) {
    const variantDir = join(paths.variants, opts.variant);
    if (!existsSync(variantDir)) {
      throw new SimulatorError(
        "SCENARIO_SETUP_FAILED",
        `variant ${variantDir} does not exist`,
        "Restore apps/simulator/variants/ from git.",
      );
    }
    await cp(variantDir, dir, { recursive: true });
  }
  await git("add", "-A");
  await git("commit", "-q", "--allow-empty", "-m", opts.commitMessage);
  const sha = (await git("rev-parse", "HEAD")).trim();
  return { dir, branch: opts.branch, sha };
}

async function runGit(cwd: string, args: string[]): Promise<string> {
  const res = await execa("git", args, { cwd, env: GIT_ENV, reject: false });
  if (res.exitCode !== 0) {
    throw new SimulatorError(
      "GIT_FAILED",
      `git ${args.join(" ")} failed in ${cwd} (exit ${res.exitCode}): ${String(res.stderr).trim()}`,
      "Check that git is installed (`git --version`) and the disk is writable.",
    );
  }
  return String(res.stdout);
}
