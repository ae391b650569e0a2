import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { StoreRequestError } from "./errors.ts";

/**
 * Blob storage on disk, streamed in and out: staged blocks live in `<root>/<uploadId>/blocks/`,
 * the committed blob is `<root>/<uploadId>/blob.zip`. No artifact is ever held in memory whole.
 */
export type BlobFiles = ReturnType<typeof createBlobFiles>;

const UPLOAD_ID = /^[A-Za-z0-9-]{1,64}$/;

export function createBlobFiles(root: string) {
  const dirOf = (uploadId: string) => {
    if (!UPLOAD_ID.test(uploadId)) throw new StoreRequestError(404, "not_found", "No such blob.");
    return path.join(root, uploadId);
  };
  const blockFile = (uploadId: string, blockId: string) =>
    path.join(dirOf(uploadId), "blocks", Buffer.from(blockId, "utf8").toString("hex"));
  const blobFile = (uploadId: string) => path.join(dirOf(uploadId), "blob.zip");

  async function writeHashed(source: Readable, target: string): Promise<{ size: number; sha256: string }> {
    const hash = createHash("sha256");
    let size = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _enc, done) {
        hash.update(chunk);
        size += chunk.length;
        done(null, chunk);
      },
    });
    const partial = `${target}.part-${process.pid}-${Date.now()}`;
    await pipeline(source, tap, createWriteStream(partial));
    await rename(partial, target);
    return { size, sha256: hash.digest("hex") };
  }

  return {
    root,
    async stageBlock(uploadId: string, blockId: string, body: Readable): Promise<number> {
      if (!blockId) throw new StoreRequestError(400, "invalid_argument", "blockid is required.");
      await mkdir(path.join(dirOf(uploadId), "blocks"), { recursive: true });
      return (await writeHashed(body, blockFile(uploadId, blockId))).size;
    },

    /** Concatenates the listed blocks, in order, into the blob, hashing as it goes. */
    async commitBlockList(uploadId: string, blockIds: string[]): Promise<{ size: number; sha256: string }> {
      const files = blockIds.map((id) => blockFile(uploadId, id));
      for (const [i, file] of files.entries()) {
        if (!(await exists(file))) {
          throw new StoreRequestError(400, "invalid_argument", `Block ${blockIds[i]} was never staged.`);
        }
      }
      async function* concatenated() {
        for (const file of files) yield* createReadStream(file);
      }
      const result = await writeHashed(Readable.from(concatenated()), blobFile(uploadId));
      await rm(path.join(dirOf(uploadId), "blocks"), { recursive: true, force: true });
      return result;
    },

    async putBlob(uploadId: string, body: Readable): Promise<{ size: number; sha256: string }> {
      await mkdir(dirOf(uploadId), { recursive: true });
      return writeHashed(body, blobFile(uploadId));
    },

    async blobSize(uploadId: string): Promise<number | undefined> {
      try {
        return (await stat(blobFile(uploadId))).size;
      } catch {
        return undefined;
      }
    },

    openBlob(uploadId: string): Readable {
      return createReadStream(blobFile(uploadId), { highWaterMark: 1024 * 1024 });
    },

    async remove(uploadId: string): Promise<void> {
      await rm(dirOf(uploadId), { recursive: true, force: true });
    },

    async listUploads(): Promise<string[]> {
      try {
        return await readdir(root);
      } catch {
        return [];
      }
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
