import { type FileHandle, mkdir, open, symlink } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import yauzl from "yauzl";
import { type EntryData, writeEntryData } from "./entry-data.ts";
import { ArchiveTooLarge, ArtifactClientError, CorruptArchive, Interrupted, UnsafeArchive } from "./errors.ts";

export type Limits = { maxEntries: number; maxTotalBytes: number };
export type ExtractResult = { files: string[]; bytes: number };

type Kind = "file" | "dir" | "symlink";
type Planned = { entry: yauzl.Entry; name: string; kind: Kind; mode: number };

const S_IFMT = 0o170000;
const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;
const MAX_LINK_TARGET = 4096;

// In yauzl 3 but not in @types/yauzl (written for 2.x): decodes a raw name per the UTF-8 flag
// and the Info-ZIP unicode path field, turning backslashes into slashes.
const getFileNameLowLevel = (
  yauzl as unknown as {
    getFileNameLowLevel(
      flags: number,
      raw: Buffer,
      extraFields: { id: number; data: Buffer }[],
      strict: boolean,
    ): string;
  }
).getFileNameLowLevel;

/**
 * Extracts `zipPath` into `targetDir` (meant to be a fresh, empty staging directory) or throws
 * before writing anything questionable. Every entry is checked before any byte is inflated:
 * relative paths only, no `..`, no device files, no encrypted entries, entry count and declared
 * total size within `limits`; while writing, an entry that produces more bytes than it declared
 * is stopped (a lying header cannot get past the size cap) and every file's CRC-32 is checked
 * (entry-data.ts). yauzl reads the directory; the bytes are copied by us in large reads. Links are created
 * last, only when they point inside the target and not through another link.
 */
export async function extractZipSafely(
  zipPath: string,
  targetDir: string,
  limits: Limits,
  signal?: AbortSignal,
): Promise<ExtractResult> {
  const zip = await openZip(zipPath);
  try {
    if (zip.entryCount > limits.maxEntries) {
      throw new ArchiveTooLarge(
        `The archive has ${zip.entryCount} entries, more than the limit of ${limits.maxEntries} (a zip bomb, or an artifact far larger than expected).`,
      );
    }
    const entries = await readAllEntries(zip);
    const plan = planExtraction(entries, limits);
    const zipData = await open(zipPath, "r");
    try {
      return await writePlan(zip, zipData, plan, targetDir, signal);
    } finally {
      await zipData.close();
    }
  } catch (err) {
    throw toArchiveError(err);
  } finally {
    zip.close();
  }
}

function openZip(zipPath: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    // decodeStrings off: we decode names ourselves to report unsafe ones with our own errors.
    yauzl.open(
      zipPath,
      { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true },
      (err, zip) =>
        err
          ? reject(new CorruptArchive(`The artifact is not a readable zip archive (${err.message}).`, { cause: err }))
          : resolve(zip),
    );
  });
}

function readAllEntries(zip: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: yauzl.Entry[] = [];
    zip.on("entry", (e: yauzl.Entry) => {
      entries.push(e);
      zip.readEntry();
    });
    zip.once("end", () => resolve(entries));
    zip.once("error", reject);
    zip.readEntry();
  });
}

/** Decodes and validates every name and type; sums declared sizes. Throws on the first problem. */
function planExtraction(entries: yauzl.Entry[], limits: Limits): Planned[] {
  const plan: Planned[] = [];
  let declared = 0;
  for (const entry of entries) {
    const raw = getFileNameLowLevel(
      entry.generalPurposeBitFlag,
      entry.fileName as unknown as Buffer,
      entry.extraFields,
      false,
    );
    const name = safeRelativeName(raw);
    const kind = entryKind(entry, raw);
    if (entry.isEncrypted())
      throw new UnsafeArchive(`Entry '${raw}' is encrypted; artifacts are never encrypted.`, raw);
    declared += entry.uncompressedSize;
    if (declared > limits.maxTotalBytes) {
      throw new ArchiveTooLarge(
        `The archive would expand to more than ${formatBytes(limits.maxTotalBytes)} (limit reached at entry '${raw}', ${formatBytes(declared)} declared so far): a zip bomb, or an artifact far larger than expected.`,
      );
    }
    if (name === "") continue; // "./" and similar: the target itself
    const unixMode = (entry.externalFileAttributes >>> 16) & 0o7777;
    plan.push({ entry, name, kind, mode: unixMode & 0o111 ? 0o755 : 0o644 });
  }
  checkLinks(plan);
  return plan;
}

/** A POSIX relative path inside the target, or UnsafeArchive. Backslashes count as separators. */
export function safeRelativeName(raw: string): string {
  if (raw.includes("\0")) throw new UnsafeArchive(`Entry name ${JSON.stringify(raw)} contains a NUL character.`, raw);
  if (raw.startsWith("/") || /^[A-Za-z]:/.test(raw) || raw.startsWith("//")) {
    throw new UnsafeArchive(
      `Entry '${raw}' has an absolute path; archive entries must be relative to the destination.`,
      raw,
    );
  }
  const parts = raw.split("/").filter((p) => p !== "" && p !== ".");
  if (parts.includes("..")) {
    throw new UnsafeArchive(`Entry '${raw}' climbs out of the destination with '..'.`, raw);
  }
  return parts.join("/");
}

function entryKind(entry: yauzl.Entry, raw: string): Kind {
  const madeByUnix = entry.versionMadeBy >> 8 === 3;
  const type = madeByUnix ? (entry.externalFileAttributes >>> 16) & S_IFMT : 0;
  if (type === S_IFLNK) return "symlink";
  if (type === S_IFDIR || raw.endsWith("/")) return "dir";
  if (type === 0 || type === S_IFREG) return "file";
  throw new UnsafeArchive(
    `Entry '${raw}' is a special file (mode ${type.toString(8)}); only files, directories and links are extracted.`,
    raw,
  );
}

/** Nothing may be written through a link, so a link can never redirect a later write outside. */
function checkLinks(plan: Planned[]): void {
  const links = new Set(plan.filter((p) => p.kind === "symlink").map((p) => p.name));
  if (links.size === 0) return;
  for (const p of plan) {
    const parts = p.name.split("/");
    for (let i = 1; i < parts.length; i++) {
      const prefix = parts.slice(0, i).join("/");
      if (links.has(prefix))
        throw new UnsafeArchive(`Entry '${p.name}' would be written through the link '${prefix}'.`, p.name);
    }
  }
}

/** Resolves a link's target lexically; it must stay inside and not name or pass through another link. */
function checkLinkTarget(name: string, target: string, links: Set<string>): void {
  if (target === "" || target.includes("\0"))
    throw new UnsafeArchive(`Link '${name}' has an empty or invalid target.`, name);
  if (path.posix.isAbsolute(target) || /^[A-Za-z]:/.test(target) || target.includes("\\")) {
    throw new UnsafeArchive(`Link '${name}' points to the absolute path '${target}', outside the destination.`, name);
  }
  const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(name), target));
  if (resolved === ".." || resolved.startsWith("../")) {
    throw new UnsafeArchive(`Link '${name}' points to '${target}', outside the destination.`, name);
  }
  const parts = resolved.split("/");
  for (let i = 1; i <= parts.length; i++) {
    const prefix = parts.slice(0, i).join("/");
    if (links.has(prefix))
      throw new UnsafeArchive(
        `Link '${name}' points through another link ('${prefix}'); chains of links are refused.`,
        name,
      );
  }
}

async function writePlan(
  zip: yauzl.ZipFile,
  zipData: FileHandle,
  plan: Planned[],
  targetDir: string,
  signal: AbortSignal | undefined,
): Promise<ExtractResult> {
  const files: string[] = [];
  let bytes = 0;
  const links = new Set(plan.filter((p) => p.kind === "symlink").map((p) => p.name));
  const deferredLinks: { name: string; target: string }[] = [];
  for (const p of plan) {
    if (signal?.aborted) throw new Interrupted(`Extracting the artifact: stopped by the caller before '${p.name}'.`);
    const out = path.join(targetDir, ...p.name.split("/"));
    if (p.kind === "dir") {
      await mkdir(out, { recursive: true });
      continue;
    }
    if (p.kind === "symlink") {
      const stream = await openEntry(zip, p.entry);
      // yauzl's size check can fire again for chunks already in flight after the first failure;
      // the first error is the one reported, later ones must not become uncaught.
      stream.on("error", () => {});
      const target = await readSmall(stream, p.name);
      checkLinkTarget(p.name, target, links);
      deferredLinks.push({ name: p.name, target });
      continue;
    }
    await mkdir(path.dirname(out), { recursive: true });
    const written = await writeEntryData(zipData, await entryData(zip, p), out, p.mode).catch((err) => {
      if ((err as NodeJS.ErrnoException).code === "EEXIST") {
        throw new UnsafeArchive(`The archive holds '${p.name}' more than once.`, p.name);
      }
      throw err;
    });
    bytes += written;
    files.push(p.name);
  }
  for (const l of deferredLinks) {
    const out = path.join(targetDir, ...l.name.split("/"));
    await mkdir(path.dirname(out), { recursive: true });
    await symlink(l.target, out);
    files.push(l.name);
  }
  return { files, bytes };
}

/** Where the entry's bytes start, from its local header (yauzl checks the header and the bounds). */
function entryData(zip: yauzl.ZipFile, p: Planned): Promise<EntryData> {
  const e = p.entry;
  return new Promise((resolve, reject) =>
    (zip as unknown as LocalHeaderReader).readLocalFileHeader(e, { minimal: true }, (err, header) =>
      err
        ? reject(err)
        : resolve({
            name: p.name,
            dataStart: header.fileDataStart,
            compressionMethod: e.compressionMethod,
            compressedSize: e.compressedSize,
            uncompressedSize: e.uncompressedSize,
            crc32: e.crc32,
          }),
    ),
  );
}

// In yauzl 3 but not in @types/yauzl (written for 2.x).
type LocalHeaderReader = {
  readLocalFileHeader(
    entry: yauzl.Entry,
    options: { minimal: true },
    cb: (err: Error | null, header: { fileDataStart: number }) => void,
  ): void;
};

function openEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  return new Promise((resolve, reject) => zip.openReadStream(entry, (err, s) => (err ? reject(err) : resolve(s))));
}

async function readSmall(stream: Readable, name: string): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > MAX_LINK_TARGET)
      throw new UnsafeArchive(`Link '${name}' has a target longer than ${MAX_LINK_TARGET} bytes.`, name);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** yauzl and zlib speak in plain Errors; name them for the person reading the log. */
function toArchiveError(err: unknown): Error {
  if (err instanceof ArtifactClientError) return err;
  const message = err instanceof Error ? err.message : String(err);
  if (/too many bytes in the stream|expected \d+\. got/i.test(message)) {
    return new UnsafeArchive(
      `An entry inflates to more bytes than its header declares (${message}): the archive lies about its sizes.`,
    );
  }
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === "EEXIST" || code === "ENOTDIR" || code === "EISDIR") {
    return new UnsafeArchive(`The archive's entries collide (a file and a directory of the same name): ${message}`);
  }
  if (code === "ENOSPC" || code === "EACCES" || code === "EROFS") {
    return new ArtifactClientError(
      "EXTRACT_WRITE_FAILED",
      `Writing the extracted files failed: ${message}`,
      "Free disk space or fix permissions of the destination's parent directory, then download again.",
    );
  }
  return new CorruptArchive(`The artifact's zip archive is damaged (${message}).`, { cause: err });
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${Number(v.toFixed(1))} ${units[i]}`;
}
