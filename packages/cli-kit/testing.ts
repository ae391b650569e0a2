/**
 * Test support for the CLI contract's "nothing was lost" (issue 11: every hostile test hashes
 * the files it could have harmed before and after): `@perfgate/cli-kit/testing`, imported by
 * tests only. Node built-ins only, like the rest of cli-kit.
 */
import { createHash } from "node:crypto";
import { lstat, readdir, readFile, readlink } from "node:fs/promises";
import path from "node:path";

/**
 * Every entry under `dir` (and `dir` itself, as "."), POSIX-relative, with what it is: a file's
 * sha256 and mode, a folder's mode, a link's target, a FIFO or other special file by kind. Equal
 * maps before and after: nothing was lost, changed or left behind. A missing `dir` is `{}`.
 */
export async function fingerprint(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (rel: string): Promise<void> => {
    const abs = rel ? path.join(dir, rel) : dir;
    const s = await lstat(abs).catch(() => undefined);
    if (!s) return;
    const key = rel || ".";
    const mode = (s.mode & 0o7777).toString(8);
    if (s.isSymbolicLink()) out[key] = `link -> ${await readlink(abs)}`;
    else if (s.isDirectory()) {
      out[key] = `dir ${mode}`;
      for (const name of (await readdir(abs)).sort()) await walk(rel ? `${rel}/${name}` : name);
    } else if (s.isFile())
      out[key] = `${createHash("sha256")
        .update(await readFile(abs))
        .digest("hex")} ${mode}`;
    else out[key] = `${s.isFIFO() ? "fifo" : s.isSocket() ? "socket" : "special"} ${mode}`;
  };
  await walk("");
  return out;
}
