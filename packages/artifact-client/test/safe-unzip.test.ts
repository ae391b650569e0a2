import { existsSync } from "node:fs";
import { lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ArchiveTooLarge, CorruptArchive, UnsafeArchive } from "../src/errors.ts";
import { extractZipSafely } from "../src/safe-unzip.ts";
import { lieAboutSize, makeZip, renameEntry } from "./zips.ts";

// Layout per test: <work>/target (extraction root), <work>/outside (must stay empty), <work>/x.zip.
let work: string;
let target: string;
const limits = { maxEntries: 100, maxTotalBytes: 10 * 1024 * 1024 };

beforeEach(async () => {
  work = await mkdtemp(path.join(tmpdir(), "ac-unzip-"));
  target = path.join(work, "target");
  await mkdir(target);
  await mkdir(path.join(work, "outside"));
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

async function extract(zip: Buffer, l = limits) {
  const file = path.join(work, "x.zip");
  await writeFile(file, zip);
  return extractZipSafely(file, target, l);
}

/** Every path under `work` except the zip itself and the target tree. */
async function strayFiles(): Promise<string[]> {
  const all = (await readdir(work, { recursive: true })) as string[];
  return all.filter((p) => p !== "x.zip" && p !== "target" && p !== "outside" && !p.startsWith("target"));
}

describe("extractZipSafely", () => {
  it("extracts files, nested directories and modes; reports files and bytes", async () => {
    const big = Buffer.alloc(300_000, 7);
    const res = await extract(
      await makeZip([
        { name: "a.json", content: '{"x":1}' },
        { name: "dir/", dir: true },
        { name: "dir/sub/big.bin", content: big },
        { name: "run.sh", content: "#!/bin/sh\n", mode: 0o100755, compress: false },
      ]),
    );
    expect(res.files).toEqual(["a.json", "dir/sub/big.bin", "run.sh"]);
    expect(res.bytes).toBe(7 + big.length + 10);
    expect(await readFile(path.join(target, "a.json"), "utf8")).toBe('{"x":1}');
    expect((await readFile(path.join(target, "dir/sub/big.bin"))).equals(big)).toBe(true);
    expect((await lstat(path.join(target, "run.sh"))).mode & 0o111).not.toBe(0);
  });

  it("rejects an entry climbing out with ../ and writes nothing outside", async () => {
    const zip = renameEntry(
      await makeZip([
        { name: "ok.txt", content: "fine" },
        { name: "AA/outside/pwn.txt", content: "x" },
      ]),
      "AA/outside/pwn.txt",
      "../outside/pwn.txt",
    );
    const err = await extract(zip).catch((e) => e);
    expect(err).toBeInstanceOf(UnsafeArchive);
    expect(err.message).toContain("'../outside/pwn.txt' climbs out of the destination");
    expect(err.code).toBe("UNSAFE_ARCHIVE");
    expect(err.remedy).toMatch(/Nothing was written/);
    expect(await readdir(path.join(work, "outside"))).toEqual([]);
    expect(await readdir(target)).toEqual([]); // checked before any byte: not even ok.txt
    expect(await strayFiles()).toEqual([]);
  });

  it("rejects ..\\ with backslashes (Windows-made zips)", async () => {
    const zip = renameEntry(
      await makeZip([{ name: "AAAsibling.txt", content: "x" }]),
      "AAAsibling.txt",
      "..\\sibling.txt",
    );
    await expect(extract(zip)).rejects.toThrow(/climbs out of the destination/);
    expect(existsSync(path.join(work, "sibling.txt"))).toBe(false);
  });

  it("rejects an absolute path and writes nothing outside", async () => {
    const victim = path.join(work, "outside", "abs.txt"); // absolute, inside this test's work dir
    const placeholder = "P".repeat(victim.length);
    const zip = renameEntry(await makeZip([{ name: placeholder, content: "owned" }]), placeholder, victim);
    const err = await extract(zip).catch((e) => e);
    expect(err).toBeInstanceOf(UnsafeArchive);
    expect(err.message).toContain(`'${victim}' has an absolute path`);
    expect(existsSync(victim)).toBe(false);
    expect(await readdir(target)).toEqual([]);
  });

  it("rejects a drive-letter path", async () => {
    const zip = renameEntry(await makeZip([{ name: "XXwin.txt", content: "x" }]), "XXwin.txt", "C:win.txt");
    await expect(extract(zip)).rejects.toThrow(/absolute path/);
  });

  it("rejects symlinks that escape (relative and absolute) and leaves no link behind", async () => {
    for (const to of ["../outside", "/etc", "a/../../outside"]) {
      const err = await extract(
        await makeZip([
          { name: "f.txt", content: "x" },
          { name: "link", symlinkTo: to },
        ]),
      ).catch((e) => e);
      expect(err, to).toBeInstanceOf(UnsafeArchive);
      expect(err.message).toMatch(/outside the destination/);
      expect(existsSync(path.join(target, "link"))).toBe(false);
      await rm(target, { recursive: true, force: true });
      await mkdir(target);
    }
  });

  it("refuses writes through a link, even one pointing inside", async () => {
    const zip = await makeZip([
      { name: "d/", dir: true },
      { name: "l", symlinkTo: "d" },
      { name: "l/x.txt", content: "x" },
    ]);
    await expect(extract(zip)).rejects.toThrow(/written through the link 'l'/);
  });

  it("refuses a link to a link (a chain could end outside)", async () => {
    const zip = await makeZip([
      { name: "a", symlinkTo: "." },
      { name: "b", symlinkTo: "a/x" },
    ]);
    await expect(extract(zip)).rejects.toThrow(/through another link \('a'\)/);
  });

  it("creates a link that stays inside", async () => {
    const res = await extract(
      await makeZip([
        { name: "data/v1.json", content: "{}" },
        { name: "current.json", symlinkTo: "data/v1.json" },
      ]),
    );
    expect(res.files).toEqual(["data/v1.json", "current.json"]);
    expect(await readlink(path.join(target, "current.json"))).toBe("data/v1.json");
  });

  it("caps the declared total size before inflating (zip bomb)", async () => {
    // 64 MiB of zeros deflate to ~64 KiB: a small zip that would flood the disk.
    const bomb = await makeZip([
      { name: "zeros-1.bin", content: Buffer.alloc(32 * 1024 * 1024) },
      { name: "zeros-2.bin", content: Buffer.alloc(32 * 1024 * 1024) },
    ]);
    expect(bomb.length).toBeLessThan(200_000);
    const err = await extract(bomb).catch((e) => e);
    expect(err).toBeInstanceOf(ArchiveTooLarge);
    expect(err.message).toMatch(/would expand to more than 10 MiB \(limit reached at entry 'zeros-1.bin'/);
    expect(err.remedy).toMatch(/raise the limit/);
    expect(await readdir(target)).toEqual([]);
  });

  it("caps the entry count", async () => {
    const zip = await makeZip(Array.from({ length: 101 }, (_, i) => ({ name: `f${i}.txt`, content: "x" })));
    const err = await extract(zip).catch((e) => e);
    expect(err).toBeInstanceOf(ArchiveTooLarge);
    expect(err.message).toBe(
      "The archive has 101 entries, more than the limit of 100 (a zip bomb, or an artifact far larger than expected).",
    );
  });

  it("stops an entry that inflates past the size its header declares", async () => {
    const zip = lieAboutSize(await makeZip([{ name: "liar.bin", content: Buffer.alloc(5 * 1024 * 1024) }]), 1024);
    const err = await extract(zip).catch((e) => e);
    expect(err).toBeInstanceOf(UnsafeArchive);
    expect(err.message).toMatch(/inflates to more bytes than its header declares/);
  });

  it("names a damaged archive as corrupt", async () => {
    const err = await extract(Buffer.from("this is not a zip at all, just text")).catch((e) => e);
    expect(err).toBeInstanceOf(CorruptArchive);
    expect(err.message).toMatch(/not a readable zip archive/);
  });

  it("copies entries larger than one read, stored and deflated, byte for byte", async () => {
    const random = Buffer.alloc(3 * 1024 * 1024 + 17);
    for (let i = 0; i < random.length; i++) random[i] = (i * 2654435761) >>> 24;
    const zip = await makeZip([
      { name: "stored.bin", content: random, compress: false },
      { name: "deflated.bin", content: random, compress: true },
      { name: "empty.txt", content: "", compress: false },
    ]);
    const res = await extract(zip);
    expect(res.bytes).toBe(2 * random.length);
    expect((await readFile(path.join(target, "stored.bin"))).equals(random)).toBe(true);
    expect((await readFile(path.join(target, "deflated.bin"))).equals(random)).toBe(true);
    expect(await readFile(path.join(target, "empty.txt"), "utf8")).toBe("");
  });

  it("rejects a stored entry whose bytes fail the CRC-32 check", async () => {
    const zip = await makeZip([{ name: "data.txt", content: "the quick brown fox", compress: false }]);
    const at = zip.indexOf("quick");
    zip[at] = "Q".charCodeAt(0); // same size, different bytes: only the CRC can tell
    const err = await extract(zip).catch((e) => e);
    expect(err).toBeInstanceOf(CorruptArchive);
    expect(err.message).toMatch(/Entry 'data.txt' fails its CRC-32 check \(expected [0-9a-f]{8}, got [0-9a-f]{8}\)/);
    expect(err.remedy).toMatch(/Download it again/);
  });

  it("rejects a deflated entry whose stream is damaged", async () => {
    const zip = await makeZip([{ name: "a.txt", content: "abc".repeat(10_000), compress: true }]);
    const local = zip.indexOf(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    zip.fill(0xff, dataStart, dataStart + 8);
    const err = await extract(zip).catch((e) => e);
    expect(err).toBeInstanceOf(CorruptArchive);
    expect(err.message).toMatch(/Entry 'a.txt' (does not inflate|fails its CRC-32 check|ends after)/);
  });

  it("rejects duplicate entries", async () => {
    const zip = renameEntry(
      await makeZip([
        { name: "a.txt", content: "1" },
        { name: "b.txt", content: "2" },
      ]),
      "b.txt",
      "a.txt",
    );
    await expect(extract(zip)).rejects.toThrow(/holds 'a.txt' more than once/);
  });
});
