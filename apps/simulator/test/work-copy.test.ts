import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { afterEach, describe, expect, it } from "vitest";
import { SimulatorError } from "../src/errors.ts";
import { paths } from "../src/paths.ts";
import { createWorkCopy } from "../src/work-copy.ts";
import { tempStateDir } from "./helpers.ts";

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function fakeBundle(dir: string) {
  const file = join(dir, "perfgate.cjs");
  await writeFile(file, "console.log('perfgate stand-in for the work-copy test')\n");
  return file;
}

describe("createWorkCopy", () => {
  it("makes main with the project and the CLI, and a PR branch carrying the variant on top", async () => {
    const parent = await tempStateDir();
    dirs.push(parent);
    const bundle = await fakeBundle(parent);
    const copy = await createWorkCopy({
      parent,
      label: "regression",
      branch: "feature/x",
      variant: "regression",
      commitMessage: "Slow it down",
      bundle,
    });
    const git = (...a: string[]) => execa("git", a, { cwd: copy.dir }).then((r) => r.stdout.trim());
    expect(await git("rev-parse", "--abbrev-ref", "HEAD")).toBe("feature/x");
    expect(await git("rev-parse", "HEAD")).toBe(copy.sha);
    expect((await git("log", "--format=%s", "main..HEAD")).split("\n")).toEqual(["Slow it down"]);
    // The PR's change is the variant's file; main still has the sieve.
    expect(await git("diff", "--name-only", "main", "HEAD")).toBe("src/primes.js");
    expect(await readFile(join(copy.dir, "src/primes.js"), "utf8")).toBe(
      await readFile(join(paths.variants, "regression/src/primes.js"), "utf8"),
    );
    expect(await git("show", "main:src/primes.js")).toContain("sieve");
    expect(await git("show", "main:tools/perfgate.cjs")).toContain("perfgate stand-in");
    expect(await git("status", "--porcelain")).toBe("");
  });

  it("refuses clearly when perfgate's bundle was not built", async () => {
    const parent = await tempStateDir();
    dirs.push(parent);
    const err = await createWorkCopy({
      parent,
      label: "main",
      branch: "main",
      commitMessage: "x",
      bundle: join(parent, "missing.cjs"),
    }).catch((e) => e);
    expect(err).toBeInstanceOf(SimulatorError);
    expect(err.code).toBe("BUNDLE_MISSING");
    expect(err.remedy).toMatch(/pnpm --filter @perfgate\/baseline build/);
    expect(await readdir(parent)).toEqual([]); // nothing half-made
  });
});
