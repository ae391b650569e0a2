import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { patchedFiles } from "../src/repo/patch-files.ts";
import { GIT_ENV } from "./python-project.ts";

// The files a --regression-patch changes, read from patches made by the real tools: `diff -u`
// writes a tab and a timestamp after each name (which used to stay in the name), GNU diff and
// git quote names with unusual characters, git ends a name holding a space with a tab.
let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "perfgate-patch-files-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

let n = 0;
async function tree(files: Record<string, string>): Promise<string> {
  const dir = join(root, `t${++n}`);
  await mkdir(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  return dir;
}

/** `diff` exits 1 when the inputs differ: that is its success here. */
async function diff(cwd: string, ...args: string[]): Promise<string> {
  const r = await execa("diff", args, { cwd, reject: false });
  if (r.exitCode !== 1) throw new Error(`diff ${args.join(" ")}: exit ${r.exitCode} ${r.stderr}`);
  return r.stdout;
}

const BEFORE = {
  "src/inventory/core.py": "x = 1\n",
  "src/my file.py": "y = 1\n",
  "src/café.py": "c = 1\n",
  "src/gone.py": "g = 1\n",
  "src/-- tricky.py": "-- old/name\n",
};
const AFTER = {
  "src/inventory/core.py": "x = 2\n",
  "src/my file.py": "y = 2\n",
  "src/café.py": "c = 2\n",
  "src/new.py": "n = 1\n",
  // Removed `-- old/name` and added `++ new/name` print as `--- old/name` and `+++ new/name`:
  // hunk lines that look like a header pair.
  "src/-- tricky.py": "++ new/name\n",
};
const CHANGED = [
  "src/inventory/core.py",
  "src/my file.py",
  "src/café.py",
  "src/gone.py",
  "src/new.py",
  "src/-- tricky.py",
].sort();

describe("patchedFiles: the repository paths a patch changes, as git apply (-p1) reads them", () => {
  it("a plain `diff -u` of one file: no tab or timestamp in the name", async () => {
    const dir = await tree({ "a/src/inventory/core.py": "x = 1\n", "b/src/inventory/core.py": "x = 2\n" });
    const patch = await diff(dir, "-u", "a/src/inventory/core.py", "b/src/inventory/core.py");
    expect(patch).toMatch(/^\+\+\+ b\/src\/inventory\/core\.py\t\d{4}-\d\d-\d\d /m);
    expect(patchedFiles(patch)).toEqual(["src/inventory/core.py"]);
  });

  it("`diff -ruN` of two trees: new, deleted, quoted and spaced names", async () => {
    const base = await tree(Object.fromEntries(Object.entries(BEFORE).map(([f, t]) => [`a/${f}`, t])));
    const after = await tree(Object.fromEntries(Object.entries(AFTER).map(([f, t]) => [`b/${f}`, t])));
    await execa("mv", [join(after, "b"), join(base, "b")]);
    const patch = await diff(base, "-ruN", "a", "b");
    expect(patch).toMatch(/^--- a\/src\/gone\.py\t/m);
    expect(patch).toMatch(/^--- old\/name\n\+\+\+ new\/name$/m); // hunk lines, not a header
    expect(patchedFiles(patch).sort()).toEqual(CHANGED);
  });

  it("`git diff` (and --cached): quoted octal UTF-8, a name with a tab, a rename, a binary file", async () => {
    const dir = await tree({ ...BEFORE, "src/old name.py": "r = 1\n", "img.bin": "\u0000\u0001" });
    const git = (...args: string[]) => execa("git", args, { cwd: dir, env: GIT_ENV });
    await git("init", "-q");
    await git("add", "-A");
    await git("commit", "-q", "-m", "base");
    for (const [f, t] of Object.entries(AFTER)) {
      await mkdir(dirname(join(dir, f)), { recursive: true });
      await writeFile(join(dir, f), t);
    }
    await rm(join(dir, "src/gone.py"));
    await writeFile(join(dir, "src/tab\tname.py"), "q = 1\n");
    await git("mv", "src/old name.py", "src/new name.py");
    await writeFile(join(dir, "img.bin"), "\u0000\u0002");
    await git("add", "-A");
    const patch = (await git("diff", "--cached", "-M")).stdout;
    expect(patch).toMatch(/^\+\+\+ "b\/src\/caf\\303\\251\.py"$/m);
    expect(patch).toMatch(/^\+\+\+ b\/src\/my file\.py\t$/m);
    expect(patch).toMatch(/^rename from src\/old name\.py$/m);
    expect(patchedFiles(patch).sort()).toEqual(
      [...CHANGED, "src/tab\tname.py", "src/old name.py", "src/new name.py", "img.bin"].sort(),
    );
  });

  it("git's own format-patch mail: the message and its trailer are not files", async () => {
    const text = [
      "From 1234 Mon Sep 17 00:00:00 2001",
      "Subject: [PATCH] slow fib",
      "",
      "--- a note in the message, not a header",
      "Perfgate-Expect-Regressed: fib",
      "---",
      " textkit/fib.py | 2 +-",
      "",
      "diff --git a/textkit/fib.py b/textkit/fib.py",
      "--- a/textkit/fib.py",
      "+++ b/textkit/fib.py",
      "@@ -1 +1 @@",
      "-a",
      "+b",
      "-- ",
      "2.43.0",
    ].join("\n");
    expect(patchedFiles(text)).toEqual(["textkit/fib.py"]);
  });
});
