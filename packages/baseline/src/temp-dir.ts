import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

export type TempDir = { ok: true; dir: string } | { ok: false; reason: string; remedy: string };

const WHY: Record<string, string> = {
  ENOENT: "does not exist",
  ENOTDIR: "is not a folder",
  EACCES: "is not writable",
  EPERM: "is not writable",
  EROFS: "is on a read-only file system",
  ENOSPC: "is on a full disk",
  EDQUOT: "is over its disk quota",
};

/**
 * A fresh folder under the system's temporary folder (TMPDIR, else /tmp), or why there is none:
 * a TMPDIR naming a folder that is not there, a file or a read-only place is the environment's
 * fault, said with what to change, never a stack trace. `what` names the folder's use;
 * `otherwise` is the caller's way around it, added to the remedy.
 */
export async function makeTempDir(prefix: string, what: string, otherwise?: string): Promise<TempDir> {
  const base = os.tmpdir();
  try {
    return { ok: true, dir: await mkdtemp(path.join(base, prefix)) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    const from = process.env["TMPDIR"] ? "TMPDIR" : "the system's temporary folder";
    return {
      ok: false,
      reason: `cannot create ${what} in ${base} (${from}): it ${WHY[code] ?? `cannot be written (${code || String(error)})`}`,
      remedy: `point TMPDIR at an existing writable folder (or unset it)${otherwise ? `, or ${otherwise}` : ""}`,
    };
  }
}
