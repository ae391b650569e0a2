import { execFileSync } from "node:child_process";
import { existsSync, promises as fs, realpathSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BASELINE_REL, baselineDoc, commitAll, git, removeTempProjects, tempProject } from "../helpers.ts";
import { expectOutcome, expectRefused } from "./harness.ts";

// The base commit of a paired check comes from data: the baseline file (an artifact anyone with
// a branch can upload) or --base. Neither may run a command, move a ref, or name the PR itself.

const SAMPLES = [10, 11, 12, 10, 11];
const CONFIG = { samplesPerRun: 2, benchmarks: [{ name: "quick", command: "true" }] };

afterAll(removeTempProjects);

/** Branches and their commits: what must not move. */
function refs(dir: string): string {
  return execFileSync("git", ["for-each-ref", "--format=%(refname) %(objectname)"], { cwd: dir, encoding: "utf8" });
}

/** An origin with main and a branch `feature`, and a shallow clone of it (depth 1) on feature. */
async function shallowClone(): Promise<{ clone: string; origin: string }> {
  const origin = await tempProject({ "perfgate.config.json": JSON.stringify(CONFIG), "a.txt": "1" });
  await commitAll(origin, "first");
  await fs.writeFile(path.join(origin, "a.txt"), "2");
  await commitAll(origin, "second");
  await git(origin, "branch", "feature");
  const clone = path.join(await tempProject({}), "clone");
  await git(path.dirname(clone), "clone", "-q", "--depth=1", "--no-single-branch", `file://${origin}`, clone);
  await git(clone, "checkout", "-q", "feature");
  return { clone, origin };
}

async function withBaselineSha(dir: string, sha: string): Promise<void> {
  await fs.mkdir(path.join(dir, path.dirname(BASELINE_REL)), { recursive: true });
  await fs.writeFile(
    path.join(dir, BASELINE_REL),
    JSON.stringify(baselineDoc({ quick: SAMPLES }, { git: { sha, ref: "refs/heads/main" } })),
  );
  // Keep the clone's status clean apart from the baseline: it is an artifact, not a commit.
}

const marker = () => path.join(os.tmpdir(), `perfgate-pwned-${process.pid}-${Math.random().toString(36).slice(2)}`);

describe("a baseline's git.sha is a commit id and nothing else", () => {
  it("an --upload-pack option as git.sha runs nothing (shallow clone): exit 2, baseline refused", async () => {
    const { clone } = await shallowClone();
    const pwned = marker();
    await withBaselineSha(clone, `--upload-pack=touch ${pwned};git-upload-pack`);
    const before = refs(clone);
    await expectRefused(clone, ["check", "--no-reports", "--runs", "1"], {
      code: 2,
      message: /git\.sha: is not a commit id \(40 or 64 hexadecimal characters\)/,
      remedy: /re-create it with `perfgate establish`/,
    });
    expect(existsSync(pwned), "the command in git.sha ran").toBe(false);
    expect(refs(clone)).toBe(before);
  });

  it("a refspec as git.sha moves no branch (shallow clone): exit 2", async () => {
    const { clone } = await shallowClone();
    await withBaselineSha(clone, "+refs/heads/main:refs/heads/feature");
    const before = refs(clone);
    await expectRefused(clone, ["check", "--no-reports", "--runs", "1"], {
      code: 2,
      message: /git\.sha: is not a commit id/,
      remedy: /re-create it with `perfgate establish`/,
    });
    expect(refs(clone)).toBe(before);
  });

  it('git.sha "HEAD" is refused, never taken as the PR\'s own commit', async () => {
    const dir = await tempProject({ "perfgate.config.json": JSON.stringify(CONFIG) });
    await commitAll(dir);
    await withBaselineSha(dir, "HEAD");
    await expectRefused(dir, ["check", "--no-reports", "--runs", "1"], {
      code: 2,
      message: /git\.sha: is not a commit id/,
      remedy: /re-create it with `perfgate establish`/,
    });
  });
});

describe("--base names a commit of this repository", () => {
  it("--base=--upload-pack=… runs nothing: exit 2 before any git fetch", async () => {
    const { clone } = await shallowClone();
    const pwned = marker();
    const main = (await git(clone, "rev-parse", "origin/main")).slice(0, 40);
    await withBaselineSha(clone, main);
    const before = refs(clone);
    await expectRefused(clone, ["check", "--no-reports", "--runs", "1", `--base=--upload-pack=touch ${pwned};x`], {
      code: 2,
      message: /--base "--upload-pack=.*" is not a commit, branch or tag/,
      remedy: /name the base commit/,
    });
    expect(existsSync(pwned), "the command in --base ran").toBe(false);
    expect(refs(clone)).toBe(before);
  });

  it("--base nosuchbranch is exit 2, never a silent fall back to stored mode", async () => {
    const dir = await tempProject({ "perfgate.config.json": JSON.stringify(CONFIG) });
    const sha = await commitAll(dir);
    await withBaselineSha(dir, sha);
    await expectRefused(dir, ["check", "--no-reports", "--runs", "1", "--base", "nosuchbranch"], {
      code: 2,
      message: /--base "nosuchbranch" is not a commit, branch or tag of this repository/,
      remedy: /git fetch/,
    });
  });

  it("--base= (empty) says the value is empty, not that the baseline records no commit", async () => {
    const dir = await tempProject({ "perfgate.config.json": JSON.stringify(CONFIG) });
    const sha = await commitAll(dir);
    await withBaselineSha(dir, sha);
    await expectRefused(dir, ["check", "--no-reports", "--runs", "1", "--base="], {
      code: 2,
      message: /--base is empty/,
      remedy: /name the base commit/,
    });
  });
});

describe("a base that is the PR's own commit", () => {
  it("--base HEAD on a clean tree compares nothing in pairs: it says so and uses the stored samples", async () => {
    const dir = await tempProject({ "perfgate.config.json": JSON.stringify(CONFIG) });
    const sha = await commitAll(dir);
    await withBaselineSha(dir, sha);
    const r = await expectOutcome(dir, ["check", "--no-reports", "--runs", "1", "--base", "HEAD", "--json"], {
      code: 0,
      says: /paired mode is not possible: the base commit [0-9a-f]{12} is this tree's own commit/,
      adds: /^$/,
    });
    expect(JSON.parse(r.stdout).mode).toMatchObject({ kind: "stored" });
  });
});

describe("cleanup touches only perfgate's own worktree", () => {
  it("a user's own stale worktree entry survives a paired check", async () => {
    const dir = await tempProject({ "perfgate.config.json": JSON.stringify(CONFIG) });
    await commitAll(dir, "base");
    const sha = await commitAll(dir, "pr");
    const base = await git(dir, "rev-parse", "HEAD~1");
    await withBaselineSha(dir, base);
    const mine = path.join(await tempProject({}), "mine");
    await git(dir, "worktree", "add", "-q", "--detach", mine, sha);
    await fs.rm(mine, { recursive: true, force: true }); // stale: the user will prune it when they choose
    const listed = () =>
      execFileSync("git", ["worktree", "list", "--porcelain"], { cwd: dir, encoding: "utf8" })
        .split("\n")
        .filter((l) => l.startsWith("worktree "))
        .map((l) => l.slice(9));
    expect(listed()).toContain(mine);
    await expectOutcome(dir, ["check", "--no-reports", "--runs", "1"], {
      code: 0,
      says: /paired mode: measuring base/,
      adds: /^$/,
    });
    expect(listed()).toEqual([realpathSync(dir), mine]);
  });
});

describe("a shallow clone whose origin cannot give the base commit", () => {
  it("says git's own reason (its fatal: line), not the tail of its advice", async () => {
    const { clone, origin } = await shallowClone();
    const first = await git(origin, "rev-parse", "HEAD~1"); // not in the depth-1 clone
    await withBaselineSha(clone, first);
    await fs.rm(origin, { recursive: true, force: true });
    await expectOutcome(clone, ["check", "--no-reports", "--runs", "1"], {
      code: 0,
      says: /paired mode is not possible: this is a shallow clone without the base commit [0-9a-f]{40}, and fetching it failed \(fatal: /,
      remedy: /fetch-depth: 0/,
      adds: /^\.git\/FETCH_HEAD$/, // git's record of the fetch it tried
    });
  });
});
