import { constants, promises as fs, rmSync } from "node:fs";
import path from "node:path";
import { OutputError } from "./errors.ts";

/** The error for a failed write of `label` (`what` says which file it is, e.g. "baseline file"). */
export function outputError(error: unknown, what: string, label: string, flag?: string): OutputError {
  const code = (error as NodeJS.ErrnoException).code ?? "";
  const option = flag ? ` (${flag})` : "";
  if (code === "EISDIR")
    return new OutputError(
      "OUTPUT_IS_DIRECTORY",
      `${what} ${label}${option} is a directory, so it cannot be written as a file`,
      `name a file path${flag ? ` with ${flag}` : ""}, e.g. ${path.join(label, "baseline.json")}`,
      { cause: error },
    );
  if (code === "ENOTDIR" || code === "EEXIST")
    return new OutputError(
      "OUTPUT_PARENT_NOT_DIRECTORY",
      `${what} ${label}${option} cannot be created: a folder on its path is a file`,
      "choose a path whose folders are folders (or move the file that is in the way)",
      { cause: error },
    );
  if (code === "EACCES" || code === "EPERM" || code === "EROFS")
    return new OutputError(
      "OUTPUT_NOT_WRITABLE",
      `${what} ${label}${option} cannot be written (${code === "EROFS" ? "read-only file system" : "permission denied"})`,
      "make its folder writable for this user, or write somewhere else",
      { cause: error },
    );
  if (code === "ENOSPC" || code === "EDQUOT")
    return new OutputError(
      "OUTPUT_NO_SPACE",
      `${what} ${label}${option} cannot be written: no space left`,
      "free disk space and run again",
      {
        cause: error,
      },
    );
  return new OutputError(
    "OUTPUT_FAILED",
    `${what} ${label}${option} cannot be written (${code || (error as Error)?.message || String(error)})`,
    "check the path and its permissions",
    { cause: error },
  );
}

/**
 * Fail before the work when `file` could not be written afterwards: a directory at its path, a
 * file where a folder should be, or a folder this user cannot write. (Minutes of measuring must
 * not end in "cannot write".) The write itself still handles every error.
 */
export async function preflightWrite(file: string, what: string, label: string, flag?: string): Promise<void> {
  const target = path.resolve(file);
  try {
    const s = await fs.stat(target);
    if (s.isDirectory()) throw Object.assign(new Error("is a directory"), { code: "EISDIR" });
    await fs.access(path.dirname(target), constants.W_OK);
    return;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "ENOENT") throw outputError(error, what, label, flag);
  }
  // Not there yet: the nearest existing ancestor must be a writable directory.
  let dir = path.dirname(target);
  for (;;) {
    try {
      const s = await fs.stat(dir);
      if (!s.isDirectory()) throw Object.assign(new Error("not a directory"), { code: "ENOTDIR" });
      await fs.access(dir, constants.W_OK);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "ENOENT" || path.dirname(dir) === dir) throw outputError(error, what, label, flag);
      dir = path.dirname(dir);
    }
  }
}

/**
 * Write `content` to `file` atomically: a temp file beside it, then rename. On any failure the
 * old file is untouched, the temp file is removed, and the error is an OutputError with a remedy.
 */
export async function writeFileAtomic(
  file: string,
  content: string,
  what: string,
  label: string,
  flag?: string,
): Promise<void> {
  const target = path.resolve(file);
  try {
    await fs.mkdir(path.dirname(target), { recursive: true });
  } catch (error) {
    throw outputError(error, what, label, flag);
  }
  // rename() onto a directory fails only on some systems: refuse it everywhere, before writing.
  const existing = await fs.stat(target).catch(() => undefined);
  if (existing?.isDirectory())
    throw outputError(Object.assign(new Error("is a directory"), { code: "EISDIR" }), what, label, flag);
  const tmp = `${target}.${process.pid}.${Date.now().toString(36)}.tmp`;
  // A signal mid-write ends in an exit (cli/stop.ts): the temp file goes then too.
  const dropTmp = () => rmSync(tmp, { force: true });
  process.once("exit", dropTmp);
  try {
    await fs.writeFile(tmp, content, { flag: "wx" });
    await fs.rename(tmp, target);
  } catch (error) {
    await fs.rm(tmp, { force: true }).catch(() => {});
    throw outputError(error, what, label, flag);
  } finally {
    process.off("exit", dropTmp);
  }
}
