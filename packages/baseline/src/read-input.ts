import { closeSync, constants, fstatSync, promises as fs, openSync, readFileSync, type Stats } from "node:fs";

/** Largest file perfgate reads (a baseline of 4 benchmarks x 100k samples is about 10 MiB). */
export const DEFAULT_MAX_INPUT_BYTES = 64 * 1024 * 1024;
export const MAX_INPUT_ENV = "PERFGATE_MAX_INPUT_BYTES";

export type InputProblem =
  | { kind: "missing" }
  | { kind: "directory" }
  | { kind: "not-regular"; what: string }
  | { kind: "too-large"; size: number; limit: number }
  | { kind: "parent-not-directory" }
  | { kind: "unreadable"; code: string };

/** Why a file cannot be read, in words a message can end with. */
export function describeProblem(p: InputProblem): string {
  switch (p.kind) {
    case "missing":
      return "does not exist";
    case "directory":
      return "is a directory, not a file";
    case "not-regular":
      return `is not a regular file (it is ${p.what})`;
    case "too-large":
      return `is ${formatSize(p.size)}, more than the ${formatSize(p.limit)} perfgate reads`;
    case "parent-not-directory":
      return "cannot exist: a folder on its path is a file";
    case "unreadable":
      return `cannot be read (${p.code})`;
  }
}

export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}

/** The size cap: PERFGATE_MAX_INPUT_BYTES when set to a positive whole number, else 64 MiB. */
export function maxInputBytes(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[MAX_INPUT_ENV];
  const n = raw === undefined ? Number.NaN : Number(raw);
  return Number.isSafeInteger(n) && n > 0 ? n : DEFAULT_MAX_INPUT_BYTES;
}

function fileType(s: Stats): string {
  if (s.isFIFO()) return "a FIFO (named pipe)";
  if (s.isCharacterDevice()) return "a character device";
  if (s.isBlockDevice()) return "a block device";
  if (s.isSocket()) return "a socket";
  return "not a plain file";
}

function problemOf(error: unknown): InputProblem {
  const code = (error as NodeJS.ErrnoException).code ?? String(error);
  if (code === "ENOENT") return { kind: "missing" };
  if (code === "EISDIR") return { kind: "directory" };
  if (code === "ENOTDIR") return { kind: "parent-not-directory" };
  return { kind: "unreadable", code };
}

export type ReadResult = { ok: true; text: string } | { ok: false; problem: InputProblem };

/**
 * Read a whole file as UTF-8 text, refusing anything that is not a regular file (a FIFO would
 * block forever, /dev/zero never ends) and anything over the size cap, before reading a byte.
 * O_NONBLOCK so opening a FIFO with no writer returns at once; fstat on the open descriptor, so
 * the file checked is the file read. A leading byte-order mark is dropped (JSON allows ignoring it).
 */
export async function readInputText(file: string, limit = maxInputBytes()): Promise<ReadResult> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return { ok: false, problem: problemOf(error) };
  }
  try {
    const stats = await handle.stat();
    if (stats.isDirectory()) return { ok: false, problem: { kind: "directory" } };
    if (!stats.isFile()) return { ok: false, problem: { kind: "not-regular", what: fileType(stats) } };
    if (stats.size > limit) return { ok: false, problem: { kind: "too-large", size: stats.size, limit } };
    // Read at most limit + 1 bytes: a file that grows while being read is still capped.
    const buffer = Buffer.alloc(Math.min(limit + 1, Math.max(stats.size, 0) + 1));
    let length = 0;
    for (;;) {
      if (length === buffer.length) break;
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > limit) return { ok: false, problem: { kind: "too-large", size: length, limit } };
    if (length > stats.size) return { ok: false, problem: { kind: "unreadable", code: "it grew while being read" } };
    const text = buffer.subarray(0, length).toString("utf8");
    return { ok: true, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
  } catch (error) {
    return { ok: false, problem: problemOf(error) };
  } finally {
    await handle.close();
  }
}

/** Is there a regular file at `file`? (for config candidates that are imported, not read) */
export async function regularFileProblem(file: string): Promise<InputProblem | undefined> {
  try {
    const s = await fs.stat(file);
    if (s.isDirectory()) return { kind: "directory" };
    if (!s.isFile()) return { kind: "not-regular", what: fileType(s) };
    return undefined;
  } catch (error) {
    return problemOf(error);
  }
}

/**
 * `fs.readFileSync` with the same refusals as readInputText, thrown as an Error: the bundle gives
 * it to yargs (build.mjs), which reads the package.json above the working directory to guess a
 * version and would otherwise hang every command on a FIFO there, or read a device forever.
 */
export function readRegularFileSync(file: string, encoding: BufferEncoding): string {
  const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stats = fstatSync(fd);
    const problem: InputProblem | undefined = stats.isDirectory()
      ? { kind: "directory" }
      : !stats.isFile()
        ? { kind: "not-regular", what: fileType(stats) }
        : stats.size > maxInputBytes()
          ? { kind: "too-large", size: stats.size, limit: maxInputBytes() }
          : undefined;
    if (problem) throw new Error(`${file} ${describeProblem(problem)}`);
    return readFileSync(fd, encoding);
  } finally {
    closeSync(fd);
  }
}
