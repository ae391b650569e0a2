import { cp, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { withLock } from "../src/toolchain/lock.ts";
import { runnerRecipeDir } from "../src/toolchain/paths.ts";
import { loadRunnerRecipe, rootfsPackages, runnerImageTag } from "../src/toolchain/runner-recipe.ts";
import { tempDir, toolchainError } from "./toolchain-helpers.ts";

async function recipeCopy(): Promise<string> {
  const dir = await tempDir("recipe");
  await cp(runnerRecipeDir(), dir, { recursive: true });
  return dir;
}

describe("runner recipe tag", () => {
  test("is perfgate/runner:<12 hex> and stable for the same recipe and Node", async () => {
    const tag = await runnerImageTag();
    expect(tag).toMatch(/^perfgate\/runner:[0-9a-f]{12}$/);
    expect(await runnerImageTag(await recipeCopy())).toBe(tag);
  });

  test("changes when a recipe file or the Node version changes", async () => {
    const base = await loadRunnerRecipe(runnerRecipeDir(), "v20.20.2");
    expect((await loadRunnerRecipe(runnerRecipeDir(), "v20.21.0")).tag).not.toBe(base.tag);
    const edited = await recipeCopy();
    await writeFile(join(edited, "build-rootfs.sh"), "#!/usr/bin/env bash\necho changed\n");
    expect((await loadRunnerRecipe(edited, "v20.20.2")).tag).not.toBe(base.tag);
  });

  test("extra-packages.txt: its packages go into the rootfs and the tag; comments and an empty list change nothing", async () => {
    const plain = await recipeCopy();
    await rm(join(plain, "extra-packages.txt"), { force: true });
    const base = await loadRunnerRecipe(plain, "v20.20.2");
    expect(base.extraPackages).toEqual([]);
    // The shipped list (comments only) builds the image the recipe built before it existed.
    expect((await loadRunnerRecipe(runnerRecipeDir(), "v20.20.2")).tag).toBe(base.tag);

    const extra = await recipeCopy();
    await writeFile(join(extra, "extra-packages.txt"), "# for our CI\npython3-pytest  # tests\n\njq\n");
    const withExtra = await loadRunnerRecipe(extra, "v20.20.2");
    expect(withExtra.extraPackages).toEqual(["python3-pytest", "jq"]);
    expect(withExtra.tag).not.toBe(base.tag);
    expect(rootfsPackages(withExtra)).toEqual([...base.manifest.packages, "python3-pytest", "jq"]);
    await writeFile(join(extra, "extra-packages.txt"), "jq\n# reordered, with another comment\npython3-pytest\n");
    expect((await loadRunnerRecipe(extra, "v20.20.2")).tag).toBe(withExtra.tag);

    await writeFile(join(extra, "extra-packages.txt"), "jq\nPyTest!\n");
    const err = await toolchainError(loadRunnerRecipe(extra));
    expect(err.code).toBe("BAD_RECIPE");
    expect(err.message).toContain('extra-packages.txt line 2: "PyTest!" is not a Debian package name');
  });

  test("an invalid manifest is a BAD_RECIPE error, not a JSON parse error", async () => {
    const dir = await recipeCopy();
    await writeFile(join(dir, "manifest.json"), '{"suite": "bookworm", ');
    const err = await toolchainError(loadRunnerRecipe(dir));
    expect(err.code).toBe("BAD_RECIPE");
    expect(err.message).toContain(join(dir, "manifest.json"));
    expect(err.remedy).toContain("git checkout -- docker/runner");
  });
});

describe("provisioning lock", () => {
  test("two concurrent holders take turns, and the second is told it waits", async () => {
    const locks = await tempDir("locks");
    const spans: Array<[string, number, number]> = [];
    const waited: string[] = [];
    const hold = (name: string) =>
      withLock(
        locks,
        "toolchain",
        async () => {
          const start = Date.now();
          await new Promise((r) => setTimeout(r, 700));
          spans.push([name, start, Date.now()]);
        },
        { onWait: (p) => waited.push(`${name}:${p}`) },
      );
    await Promise.all([hold("a"), hold("b")]);
    expect(spans).toHaveLength(2);
    const [first, second] = [...spans].sort((x, y) => x[1] - y[1]);
    expect(second![1]).toBeGreaterThanOrEqual(first![2]);
    expect(waited).toEqual([`${second![0]}:${join(locks, "toolchain.lock")}`]);
  });

  test("is released when the work throws", async () => {
    const locks = await tempDir("locks");
    await expect(withLock(locks, "t", async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(withLock(locks, "t", async () => "again")).resolves.toBe("again");
  });
});
