import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { Readable, Transform, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { StoreRequestError } from "./errors.ts";

/**
 * Blob storage on disk, streamed in and out. Staged blocks live in `<root>/<uploadId>/blocks/`;
 * committing writes `blob.json`, the ordered list of blocks with the blob's size and sha256, so a
 * commit reads the bytes once (to hash them) and never copies them. No blob is held in memory.
 */
export type BlobFiles = ReturnType<typeof createBlobFiles>;
type Manifest = { blocks: string[]; size: number; sha256: string };

const UPLOAD_ID = /^[A-Za-z0-9-]{1,64}$/;
const BLOCK_ID = /^[A-Za-z0-9+/]+={0,2}$/;
/** The one block of a Put Blob: not hex, so no staged block id can be named so. */
const PUT_BLOB = "single";

export function createBlobFiles(root: string) {
  const dirOf = (uploadId: string) => {
    if (!UPLOAD_ID.test(uploadId)) throw new StoreRequestError(404, "not_found", "No such blob.");
    return path.join(root, uploadId);
  };
  // Azure: a block id is Base64 of at most 64 bytes, and all of a blob's ids have one length.
  const blockName = (blockId: string) => {
    const raw = Buffer.from(blockId, "base64");
    if (!BLOCK_ID.test(blockId) || raw.length === 0 || raw.length > 64 || raw.toString("base64") !== blockId) {
      throw new StoreRequestError(
        400,
        "invalid_argument",
        `The block id '${blockId.slice(0, 80)}${blockId.length > 80 ? "..." : ""}' is not Base64 of 1 to 64 bytes.`,
        "Send block ids as Azure requires: Base64 of at most 64 bytes, one length per blob.",
      );
    }
    return raw.toString("hex");
  };
  const blocksDir = (uploadId: string) => path.join(dirOf(uploadId), "blocks");
  const manifestFile = (uploadId: string) => path.join(dirOf(uploadId), "blob.json");

  async function writeBlock(uploadId: string, name: string, body: Readable): Promise<number> {
    let size = 0;
    const count = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        done(null, chunk);
      },
    });
    await mkdir(blocksDir(uploadId), { recursive: true });
    const target = path.join(blocksDir(uploadId), name);
    const partial = `${target}.part-${process.pid}-${Math.random().toString(36).slice(2)}`;
    try {
      await pipeline(body, count, createWriteStream(partial));
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
    await rename(partial, target); // a block appears only when complete
    return size;
  }

  async function writeManifest(uploadId: string, blocks: string[]): Promise<Manifest> {
    const hash = createHash("sha256");
    let size = 0;
    // One reused buffer: a fresh buffer per read would leave megabytes for the GC to find.
    const buffer = Buffer.allocUnsafe(1024 * 1024);
    for (const name of blocks) {
      const file = await open(path.join(blocksDir(uploadId), name), "r");
      try {
        for (;;) {
          const { bytesRead } = await file.read(buffer, 0, buffer.length, null);
          if (bytesRead === 0) break;
          hash.update(buffer.subarray(0, bytesRead));
          size += bytesRead;
        }
      } finally {
        await file.close();
      }
    }
    const manifest: Manifest = { blocks, size, sha256: hash.digest("hex") };
    // Azure discards staged blocks that the committed list leaves out.
    for (const name of await readdir(blocksDir(uploadId))) {
      if (!blocks.includes(name)) await rm(path.join(blocksDir(uploadId), name), { force: true });
    }
    const tmp = `${manifestFile(uploadId)}.tmp`;
    await writeFile(tmp, JSON.stringify(manifest));
    await rename(tmp, manifestFile(uploadId));
    return manifest;
  }

  async function readManifest(uploadId: string): Promise<Manifest | undefined> {
    try {
      return JSON.parse(await readFile(manifestFile(uploadId), "utf8")) as Manifest;
    } catch {
      return undefined;
    }
  }

  return {
    root,
    async stageBlock(uploadId: string, blockId: string, body: Readable): Promise<number> {
      if (!blockId)
        throw new StoreRequestError(
          400,
          "invalid_argument",
          "blockid is required.",
          "Give each Put Block a blockid: Base64 of 1 to 64 bytes, one length per blob.",
        );
      return writeBlock(uploadId, blockName(blockId), body);
    },

    /** Commits the listed blocks, in order, as the blob; returns its size and sha256. */
    async commitBlockList(uploadId: string, blockIds: string[]): Promise<{ size: number; sha256: string }> {
      const names = blockIds.map(blockName);
      for (const [i, name] of names.entries()) {
        if (!(await exists(path.join(blocksDir(uploadId), name)))) {
          throw new StoreRequestError(
            400,
            "invalid_argument",
            `Block ${blockIds[i]} was never staged.`,
            "Put Block (comp=block) every block before listing it in Put Block List.",
          );
        }
      }
      const { size, sha256 } = await writeManifest(uploadId, names);
      return { size, sha256 };
    },

    /** A single Put Blob: the body becomes the blob's only block. */
    async putBlob(uploadId: string, body: Readable): Promise<{ size: number; sha256: string }> {
      await rm(blocksDir(uploadId), { recursive: true, force: true });
      await writeBlock(uploadId, PUT_BLOB, body);
      const { size, sha256 } = await writeManifest(uploadId, [PUT_BLOB]);
      return { size, sha256 };
    },

    /** The committed blob's block ids (Base64, in order); null for a Put Blob, undefined if nothing is committed. */
    async committedBlocks(uploadId: string): Promise<string[] | null | undefined> {
      const manifest = await readManifest(uploadId);
      if (!manifest) return undefined;
      if (manifest.blocks.length === 1 && manifest.blocks[0] === PUT_BLOB) return null;
      return manifest.blocks.map((name) => Buffer.from(name, "hex").toString("base64"));
    },

    async blobSize(uploadId: string): Promise<number | undefined> {
      return (await readManifest(uploadId))?.size;
    },

    /** The committed blob as one stream; call only after blobSize() found it. */
    openBlob(uploadId: string): Readable {
      const dir = blocksDir(uploadId);
      async function* blocks() {
        const manifest = await readManifest(uploadId);
        if (!manifest) throw new StoreRequestError(404, "not_found", "The specified blob does not exist.");
        for (const name of manifest.blocks)
          yield* createReadStream(path.join(dir, name), { highWaterMark: 128 * 1024 });
      }
      return Readable.from(blocks(), { objectMode: false });
    },

    /**
     * Writes the committed blob to `sink` through two reused buffers: a buffer is refilled only
     * after the sink has flushed it, so serving allocates nothing per chunk and the socket's
     * pace is the backpressure.
     */
    async copyBlobTo(uploadId: string, sink: Writable): Promise<void> {
      const manifest = await readManifest(uploadId);
      if (!manifest) throw new StoreRequestError(404, "not_found", "The specified blob does not exist.");
      const buffers = [Buffer.allocUnsafe(1024 * 1024), Buffer.allocUnsafe(1024 * 1024)];
      const inFlight: (Promise<void> | undefined)[] = [undefined, undefined];
      let turn = 0;
      for (const name of manifest.blocks) {
        const file = await open(path.join(blocksDir(uploadId), name), "r");
        try {
          for (;;) {
            const slot = turn++ % 2;
            await inFlight[slot];
            const buffer = buffers[slot]!;
            const { bytesRead } = await file.read(buffer, 0, buffer.length, null);
            if (bytesRead === 0) break;
            const written = new Promise<void>((resolve, reject) =>
              sink.write(buffer.subarray(0, bytesRead), (error) => (error ? reject(error) : resolve())),
            );
            written.catch(() => {}); // awaited on this buffer's next turn; avoid an unhandled rejection meanwhile
            inFlight[slot] = written;
          }
        } finally {
          await file.close();
        }
      }
      await Promise.all(inFlight);
    },

    async remove(uploadId: string): Promise<void> {
      await rm(dirOf(uploadId), { recursive: true, force: true });
    },
  };
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}
