import { createReadStream } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";
import { pipeline } from "node:stream/promises";
import { crc32, createInflateRaw } from "node:zlib";
import { CorruptArchive, UnsafeArchive } from "./errors.ts";

/** What the central directory says about one file entry, plus where its bytes start. */
export type EntryData = {
  name: string;
  dataStart: number;
  compressionMethod: number;
  compressedSize: number;
  uncompressedSize: number;
  crc32: number;
};

const STORED = 0;
const DEFLATED = 8;
// Large reads: a 200 MB entry in 1 MiB steps is 200 syscall pairs, not 3,200 at 64 KiB.
const CHUNK = 1024 * 1024;

/**
 * Writes one entry's bytes to `outPath` (created, never overwritten) and returns how many were
 * written. Every byte is counted and CRC-checked on its way to disk: an entry producing more than
 * its header declares is stopped at that byte (a lying header cannot get past the size cap), one
 * producing fewer or failing its CRC-32 is corrupt. The caller discards `outPath` on error.
 */
export async function writeEntryData(
  zip: FileHandle,
  entry: EntryData,
  outPath: string,
  mode: number,
): Promise<number> {
  const out = await open(outPath, "wx", mode);
  let written = 0;
  let crc = 0;
  // Counts and checksums synchronously, in order; the returned promise is the write.
  const sink = (chunk: Buffer): Promise<void> => {
    written += chunk.length;
    if (written > entry.uncompressedSize) {
      throw new UnsafeArchive(
        `Entry '${entry.name}' inflates to more bytes than its header declares (${entry.uncompressedSize}): the archive lies about its sizes.`,
        entry.name,
      );
    }
    crc = crc32(chunk, crc);
    return writeAll(out, chunk);
  };
  try {
    if (entry.compressionMethod === STORED) await copyStored(zip, entry, sink);
    else if (entry.compressionMethod === DEFLATED) await inflate(zip, entry, sink);
    else
      throw new CorruptArchive(
        `Entry '${entry.name}' uses compression method ${entry.compressionMethod}; artifacts use only stored (0) or deflate (8).`,
      );
  } finally {
    await out.close();
  }
  if (written !== entry.uncompressedSize) {
    throw new CorruptArchive(
      `Entry '${entry.name}' ends after ${written} bytes; its header declares ${entry.uncompressedSize}.`,
    );
  }
  if (crc >>> 0 !== entry.crc32 >>> 0) {
    throw new CorruptArchive(
      `Entry '${entry.name}' fails its CRC-32 check (expected ${hex(entry.crc32)}, got ${hex(crc)}): its bytes were damaged.`,
    );
  }
  return written;
}

/** Two reused buffers: the next read overlaps the previous write, and nothing is left for the GC. */
async function copyStored(zip: FileHandle, entry: EntryData, sink: (chunk: Buffer) => Promise<void>): Promise<void> {
  if (entry.compressedSize !== entry.uncompressedSize) {
    throw new CorruptArchive(
      `Entry '${entry.name}' is stored uncompressed but declares ${entry.compressedSize} bytes stored and ${entry.uncompressedSize} extracted.`,
    );
  }
  const size = Math.min(CHUNK, entry.compressedSize);
  const buffers = [Buffer.allocUnsafe(size), Buffer.allocUnsafe(size)];
  const end = entry.dataStart + entry.compressedSize;
  let position = entry.dataStart;
  let pending: Promise<void> = Promise.resolve();
  try {
    for (let turn = 0; position < end; turn++) {
      // This buffer's previous write was awaited one turn ago.
      const buffer = buffers[turn % 2]!;
      const { bytesRead } = await zip.read(buffer, 0, Math.min(size, end - position), position);
      if (bytesRead === 0)
        throw new CorruptArchive(`Entry '${entry.name}' is cut short: the archive ends inside its data.`);
      position += bytesRead;
      await pending;
      pending = sink(buffer.subarray(0, bytesRead));
    }
  } catch (err) {
    await pending.catch(() => {}); // never leave a write running into a buffer we give up
    throw err;
  }
  await pending;
}

async function inflate(zip: FileHandle, entry: EntryData, sink: (chunk: Buffer) => Promise<void>): Promise<void> {
  if (entry.compressedSize === 0) throw new CorruptArchive(`Entry '${entry.name}' is deflated but has no data.`);
  const source = createReadStream("", {
    fd: zip,
    autoClose: false,
    start: entry.dataStart,
    end: entry.dataStart + entry.compressedSize - 1,
    highWaterMark: CHUNK,
  });
  // pipeline reports its own AbortError when the consumer throws; keep the consumer's reason.
  let stopped: unknown;
  try {
    await pipeline(source, createInflateRaw({ chunkSize: 256 * 1024 }), async (inflated: AsyncIterable<Buffer>) => {
      for await (const chunk of inflated) {
        try {
          await sink(chunk);
        } catch (err) {
          stopped = err;
          throw err;
        }
      }
    });
  } catch (caught) {
    const err = stopped ?? caught;
    if (err instanceof UnsafeArchive || err instanceof CorruptArchive) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (typeof code === "string" && code.startsWith("Z_")) {
      throw new CorruptArchive(
        `Entry '${entry.name}' does not inflate (${(err as Error).message}): its bytes were damaged.`,
        { cause: err },
      );
    }
    throw err;
  }
}

async function writeAll(out: FileHandle, chunk: Buffer): Promise<void> {
  let offset = 0;
  while (offset < chunk.length) {
    const { bytesWritten } = await out.write(chunk, offset, chunk.length - offset);
    offset += bytesWritten;
  }
}

const hex = (n: number) => (n >>> 0).toString(16).padStart(8, "0");
