import { lstat, mkdir, mkdtemp, readdir, rename, stat } from "node:fs/promises";
import path from "node:path";
import { DestinationConflict, DestinationWriteFailed } from "./errors.ts";

type Step = { rel: string; src: string; dst: string; replaces: boolean };
type Done = Step & { backup?: string; moved: boolean };

/**
 * Moves everything under `from` into `to`, all or nothing. Files of the same name are replaced
 * and real folders merged (as unzip -o into a folder would); nothing else in `to` is touched.
 * A type clash (the artifact has a file or link where `to` has a folder, or a folder where `to`
 * has a file or link) is refused before anything moves: deleting a folder to make room would
 * lose data the artifact never had. Replaced files are renamed into `backupDir` (same
 * filesystem, beside `from`), so a failure midway puts every moved file back.
 */
export async function moveInto(from: string, to: string, backupDir: string): Promise<void> {
  const root = await stat(to).catch(() => undefined);
  if (root && !root.isDirectory()) {
    throw new DestinationConflict(`The destination ${to} is a file, not a folder; nothing was changed.`, to);
  }
  // A destination that does not exist yet is a single rename: atomic.
  if (!root) return rename(from, to);
  const steps: Step[] = [];
  await plan(from, to, "", steps);
  const done: Done[] = [];
  let current: Step | undefined;
  try {
    for (const s of steps) {
      current = s;
      const d: Done = { ...s, moved: false };
      if (s.replaces) {
        const backup = path.join(backupDir, ...s.rel.split("/"));
        await mkdir(path.dirname(backup), { recursive: true });
        await rename(s.dst, backup);
        d.backup = backup;
      }
      done.push(d);
      await rename(s.src, s.dst);
      d.moved = true;
    }
  } catch (err) {
    const moved = done.filter((d) => d.moved).length;
    const unrestored = await rollback(done);
    const where = current ? current.dst : to;
    if (unrestored.length === 0) {
      throw new DestinationWriteFailed(
        `Moving the extracted files into ${to} failed at ${where} (${describeError(err)}); ${moved > 0 ? `the ${moved} entries already moved were taken back and ` : ""}the destination is as it was.`,
        path.dirname(where),
        { cause: err },
      );
    }
    const kept = await keepBackups(backupDir, to);
    throw new DestinationWriteFailed(
      `Moving the extracted files into ${to} failed at ${where} (${describeError(err)}), and ${unrestored.length} replaced file(s) could not be put back (${unrestored.join(", ")}); the originals are kept in ${kept}.`,
      path.dirname(where),
      { cause: err },
    );
  }
}

async function plan(from: string, to: string, rel: string, steps: Step[]): Promise<void> {
  // Sorted: the order (and so which file a failure stops at) does not depend on the filesystem.
  for (const name of (await readdir(path.join(from, rel))).sort()) {
    const r = rel ? `${rel}/${name}` : name;
    const src = path.join(from, ...r.split("/"));
    const dst = path.join(to, ...r.split("/"));
    const s = await lstat(src);
    const d = await lstat(dst).catch(() => undefined);
    if (!d) {
      steps.push({ rel: r, src, dst, replaces: false });
      continue;
    }
    if (s.isDirectory() && d.isDirectory()) {
      await plan(from, to, r, steps);
      continue;
    }
    if (s.isDirectory() || d.isDirectory()) {
      const theirs = s.isDirectory() ? "a folder" : s.isSymbolicLink() ? "a link" : "a file";
      const ours = d.isDirectory() ? "a folder" : d.isSymbolicLink() ? "a link" : "a file";
      throw new DestinationConflict(
        `The artifact has ${theirs} '${r}${s.isDirectory() ? "/" : ""}' where the destination has ${ours} (${dst}); replacing it would delete what is there, so nothing was changed.`,
        dst,
      );
    }
    steps.push({ rel: r, src, dst, replaces: true });
  }
}

/** Undoes `done` newest first; returns the destination paths whose original could not be restored. */
async function rollback(done: Done[]): Promise<string[]> {
  const unrestored: string[] = [];
  for (const d of [...done].reverse()) {
    try {
      if (d.moved) await rename(d.dst, d.src);
      if (d.backup) await rename(d.backup, d.dst);
    } catch {
      if (d.backup) unrestored.push(d.dst);
    }
  }
  return unrestored;
}

/** Moves the backups out of the staging folder (which is about to be removed) next to `to`. */
async function keepBackups(backupDir: string, to: string): Promise<string> {
  const kept = await mkdtemp(path.join(path.dirname(to), `.${path.basename(to)}.unrestored-`));
  await rename(backupDir, path.join(kept, "originals")).catch(() => {});
  return path.join(kept, "originals");
}

function describeError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  const why: Record<string, string> = {
    EACCES: "permission denied",
    EPERM: "operation not permitted",
    EROFS: "read-only filesystem",
    ENOSPC: "no space left",
    EXDEV: "a different filesystem",
  };
  return e?.code ? `${e.code}: ${why[e.code] ?? e.message}` : String(e?.message ?? err);
}
