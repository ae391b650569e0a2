import { promises as fs, type Stats } from "node:fs";
import path from "node:path";
import { PerfgateError } from "../errors.ts";
import { outputError } from "../write-file.ts";
import { shown } from "./proposal.ts";

export interface PlannedFile {
  /** Relative to the repository root, with `/`. */
  rel: string;
  text: string;
}

const lstat = (p: string): Promise<Stats | undefined> => fs.lstat(p).catch(() => undefined);

function kindOf(s: Stats): string {
  return s.isDirectory()
    ? "a directory"
    : s.isFIFO()
      ? "a FIFO (named pipe)"
      : s.isSocket()
        ? "a socket"
        : s.isCharacterDevice() || s.isBlockDevice()
          ? "a device"
          : "not a regular file";
}

/**
 * Checks that every file can be written inside the repository, before anything is: each folder
 * on its path is a folder in the repository (a symbolic link out of it is refused), and the file
 * is absent, a regular file or a symbolic link (replaced, never written through). Returns the
 * files that exist (init replaces them only with --force).
 */
export async function checkTargets(root: string, files: PlannedFile[]): Promise<string[]> {
  const realRoot = await fs.realpath(root);
  const existing: string[] = [];
  for (const f of files) {
    const parts = f.rel.split("/");
    let dir = realRoot;
    for (let i = 0; i < parts.length - 1; i++) {
      const shownDir = parts.slice(0, i + 1).join("/");
      const p = path.join(dir, parts[i]!);
      const s = await lstat(p);
      if (!s) break; // created by the write, inside `dir`
      let real = p;
      if (s.isSymbolicLink()) {
        const target = await fs.realpath(p).catch(() => undefined);
        const inside =
          target !== undefined &&
          !path.relative(realRoot, target).startsWith("..") &&
          !path.isAbsolute(path.relative(realRoot, target));
        if (!inside)
          throw new PerfgateError(
            "INIT_OUTSIDE_REPOSITORY",
            `${shownDir} is a symbolic link to ${shown(await fs.readlink(p))}, ${target === undefined ? "which does not exist" : "outside the repository"}, so ${f.rel} cannot be written; nothing was written`,
            `init writes only inside the repository: make ${shownDir} a folder in it (or a link to one), then run init again`,
          );
        real = target;
      }
      const t = await fs.stat(real);
      if (!t.isDirectory())
        throw new PerfgateError(
          "INIT_PATH_NOT_FOLDER",
          `${shownDir} is ${t.isFile() ? "a file" : kindOf(t)}, not a folder, so ${f.rel} cannot be written; nothing was written`,
          `move ${shownDir} away (GitHub reads workflows from the folder .github/workflows/), then run init again`,
        );
      dir = real;
    }
    const s = await lstat(path.join(dir, parts.at(-1)!));
    if (!s) continue;
    if (!s.isFile() && !s.isSymbolicLink())
      throw new PerfgateError(
        "INIT_TARGET_NOT_FILE",
        `${f.rel} is ${kindOf(s)}, not a file; nothing was written`,
        `move ${f.rel} away (init replaces files only, even with --force), then run init again`,
      );
    existing.push(f.rel);
  }
  return existing;
}

/**
 * Writes every file or none: each goes to a temporary file beside its target first (created
 * exclusively, so no link is followed), and only when all are written are they renamed into
 * place. A failure removes the temporary files and the folders it made.
 */
export async function writeAll(root: string, files: PlannedFile[]): Promise<void> {
  const temps: { tmp: string; abs: string }[] = [];
  const madeDirs: string[] = [];
  try {
    for (const f of files) {
      const abs = path.join(root, f.rel);
      try {
        const made = await fs.mkdir(path.dirname(abs), { recursive: true });
        if (made) madeDirs.push(made);
        const tmp = `${abs}.${process.pid}.tmp`;
        const handle = await fs.open(tmp, "wx", 0o644);
        temps.push({ tmp, abs });
        try {
          await handle.writeFile(f.text);
        } finally {
          await handle.close();
        }
      } catch (error) {
        throw outputError(error, "file", f.rel);
      }
    }
    for (const { tmp, abs } of temps) await fs.rename(tmp, abs);
  } catch (error) {
    for (const { tmp } of temps) await fs.rm(tmp, { force: true });
    for (const d of madeDirs.reverse()) await fs.rm(d, { recursive: true, force: true });
    throw error;
  }
}
