import { lstat, mkdir, readdir, rename, rm } from "node:fs/promises";
import path from "node:path";

/**
 * Moves everything under `from` into `to` by renames (same filesystem), replacing files of the
 * same name and merging into existing real directories, as unzip -o into a directory would.
 * An existing link in `to` is replaced, never followed.
 */
export async function moveInto(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true });
  for (const name of await readdir(from)) {
    const src = path.join(from, name);
    const dst = path.join(to, name);
    const [s, d] = await Promise.all([lstat(src), lstat(dst).catch(() => undefined)]);
    if (d?.isDirectory() && s.isDirectory()) {
      await moveInto(src, dst);
      continue;
    }
    if (d) await rm(dst, { recursive: true, force: true });
    await rename(src, dst);
  }
}
