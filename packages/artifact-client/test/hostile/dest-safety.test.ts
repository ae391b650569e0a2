import { execFileSync } from "node:child_process";
import { chmod, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fingerprint } from "@perfgate/cli-kit/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { downloadArtifact } from "../../src/index.ts";
import { makeZip, renameEntry, type ZipEntry } from "../zips.ts";
import { clean, type FakeGitHub, failure, leftovers, REMEDY, repo, startFakeGitHub, token } from "./helpers.ts";

// Item 6: a download never deletes data in the destination. Real zips (yazl), a real socket;
// dest is hashed before and after every refused download.
let work: string;
let dest: string;
let gh: FakeGitHub | undefined;
const locked: string[] = [];

beforeEach(async () => {
  work = await mkdtemp(path.join(tmpdir(), "ac-hostile-d-"));
  dest = path.join(work, "dest");
});
afterEach(async () => {
  for (const dir of locked.splice(0)) await unlock(dir);
  await gh?.close();
  gh = undefined;
  await rm(work, { recursive: true, force: true });
});

/** A folder nothing can be renamed into or out of: immutable for root (who ignores modes), 0555 otherwise. */
async function lock(dir: string) {
  if (process.getuid?.() === 0) execFileSync("chattr", ["+i", dir]);
  else await chmod(dir, 0o555);
  locked.push(dir);
}
async function unlock(dir: string) {
  if (process.getuid?.() === 0) execFileSync("chattr", ["-i", dir]);
  else await chmod(dir, 0o755);
}

async function download(zip: Buffer, to = dest) {
  gh = await startFakeGitHub(zip);
  return downloadArtifact({
    repo,
    artifactId: 1,
    dest: to,
    token,
    apiUrl: gh.url,
    retry: { retries: 0, baseDelayMs: 5 },
  });
}

async function refused(zip: Buffer, code: string, message: RegExp, remedy: RegExp = REMEDY.destConflict) {
  const before = await fingerprint(work);
  const err = await failure(download(zip));
  expect(err).toMatchObject({ code });
  expect(err.message).toMatch(message);
  clean(err, remedy);
  expect(await fingerprint(work)).toEqual(before);
  expect(await leftovers(work)).toEqual([]);
  return err;
}

const file = (name: string, content = `content of ${name}`): ZipEntry => ({ name, content });

describe("a type clash is refused before anything changes", () => {
  it("a file entry where dest has a folder with data in it (the reported rm -rf)", async () => {
    await mkdir(path.join(dest, "keepdir", "sub"), { recursive: true });
    await writeFile(path.join(dest, "keepdir", "sub", "precious.txt"), "precious");
    await writeFile(path.join(dest, "other.txt"), "old other");
    const err = await refused(
      await makeZip([file("other.txt", "new other"), file("keepdir")]),
      "DEST_CONFLICT",
      /The artifact has a file 'keepdir' where the destination has a folder .*nothing was changed/,
    );
    expect(err.remedy).toContain(path.join(dest, "keepdir"));
    expect(await readFile(path.join(dest, "other.txt"), "utf8")).toBe("old other");
  });

  it("a directory entry named current_performance_baseline.json/ where dest has the baseline file", async () => {
    const base = path.join(dest, "metrics", "baselines");
    await mkdir(base, { recursive: true });
    await writeFile(path.join(base, "current_performance_baseline.json"), '{"benchmarks":[]}');
    await refused(
      await makeZip([{ name: "metrics/baselines/current_performance_baseline.json/", dir: true }]),
      "DEST_CONFLICT",
      /a folder 'metrics\/baselines\/current_performance_baseline\.json\/' where the destination has a file/,
    );
  });

  it("a file under current_performance_baseline.json/ (an implied folder) where dest has the file", async () => {
    await mkdir(dest, { recursive: true });
    await writeFile(path.join(dest, "current_performance_baseline.json"), '{"benchmarks":[]}');
    await refused(
      await makeZip([file("current_performance_baseline.json/evil.txt")]),
      "DEST_CONFLICT",
      /a folder 'current_performance_baseline\.json\/' where the destination has a file/,
    );
  });

  it("a link entry where dest has a folder", async () => {
    await mkdir(path.join(dest, "data"), { recursive: true });
    await writeFile(path.join(dest, "data", "keep.bin"), "keep");
    await refused(
      await makeZip([file("target.txt"), { name: "data", symlinkTo: "target.txt" }]),
      "DEST_CONFLICT",
      /a link 'data' where the destination has a folder/,
    );
  });

  it("a folder entry where dest has a link (the link is neither followed nor replaced)", async () => {
    await mkdir(path.join(work, "elsewhere"), { recursive: true });
    await writeFile(path.join(work, "elsewhere", "x.txt"), "outside");
    await mkdir(dest, { recursive: true });
    await symlink(path.join(work, "elsewhere"), path.join(dest, "linked"));
    await refused(
      await makeZip([file("linked/x.txt", "overwritten?")]),
      "DEST_CONFLICT",
      /a folder 'linked\/' where the destination has a link/,
    );
  });

  it("dest itself is a file", async () => {
    await writeFile(dest, "i am a file");
    await refused(await makeZip([file("a.txt")]), "DEST_CONFLICT", /The destination .*dest is a file, not a folder/);
  });

  it("dest's parent is a file", async () => {
    await writeFile(path.join(work, "parent"), "i am a file");
    const before = await fingerprint(work);
    gh = await startFakeGitHub(await makeZip([file("a.txt")]));
    const err = await failure(
      downloadArtifact({ repo, artifactId: 1, dest: path.join(work, "parent", "dest"), token, apiUrl: gh.url }),
    );
    expect(err).toMatchObject({ code: "DEST_CONFLICT" });
    expect(err.message).toMatch(/parent is a file, not a folder; nothing was changed/);
    clean(err, REMEDY.destConflict);
    expect(await fingerprint(work)).toEqual(before);
  });

  it("a clash deep in a merge is found before the first file is replaced", async () => {
    await mkdir(path.join(dest, "a"), { recursive: true });
    await writeFile(path.join(dest, "a", "one.txt"), "old one");
    await mkdir(path.join(dest, "z", "deep"), { recursive: true });
    await writeFile(path.join(dest, "z", "deep", "keep.txt"), "keep");
    await refused(
      await makeZip([file("a/one.txt", "new one"), file("b.txt"), file("z/deep")]),
      "DEST_CONFLICT",
      /a file 'z\/deep' where the destination has a folder/,
    );
  });
});

describe("the move into dest is all or nothing", () => {
  it("a failure midway (an unwritable subfolder) puts back every file already replaced", async () => {
    await mkdir(path.join(dest, "locked"), { recursive: true });
    await writeFile(path.join(dest, "a.txt"), "old a");
    await writeFile(path.join(dest, "locked", "b.txt"), "old b");
    await writeFile(path.join(dest, "z.txt"), "old z");
    await lock(path.join(dest, "locked"));
    await refused(
      await makeZip([file("a.txt", "new a"), file("locked/b.txt", "new b"), file("z.txt", "new z")]),
      "DEST_WRITE_FAILED",
      /failed at .*locked\/b\.txt \((EPERM|EACCES)[^)]*\); the 1 entries already moved were taken back and the destination is as it was/,
      /^Make .*locked writable \(permissions, read-only or immutable mount, free space\), then download again\.$/,
    );
    expect(await readFile(path.join(dest, "a.txt"), "utf8")).toBe("old a");
  });

  it("a new file into an unwritable subfolder: the new files already moved are taken out again", async () => {
    await mkdir(path.join(dest, "locked"), { recursive: true });
    await writeFile(path.join(dest, "locked", "keep.txt"), "keep");
    await lock(path.join(dest, "locked"));
    await refused(
      await makeZip([file("fresh.txt"), file("locked/new.txt")]),
      "DEST_WRITE_FAILED",
      /failed at .*locked\/new\.txt/,
      /^Make .*locked writable/,
    );
  });

  it("an unsafe entry name (../) is still refused before dest is touched", async () => {
    await mkdir(dest, { recursive: true });
    await writeFile(path.join(dest, "a.txt"), "old a");
    const zip = renameEntry(await makeZip([file("a.txt", "new a"), file("xx/evil.txt")]), "xx/evil.txt", "../evil.txt");
    await refused(zip, "UNSAFE_ARCHIVE", /climbs out of the destination/, REMEDY.unsafe);
  });
});
