import { promises as fs } from "node:fs";
import path from "node:path";
import { describeProblem, MAX_INPUT_ENV, readInputText } from "../read-input.ts";
import { dirOf, shown } from "./proposal.ts";

const SKIP_DIRS = new Set([
  "node_modules",
  ".git",
  "dist",
  "build",
  "target",
  ".venv",
  "venv",
  "vendor",
  "metrics",
  ".perfgate",
]);

/** A file's text, or "" when it is missing or cannot be read. */
export type Read = (rel: string) => Promise<string>;

/** The repository as detectors see it: its files (relative paths) and a checked read. */
export interface Scan {
  files: string[];
  read: Read;
}

/** Files under `root` (relative paths), skipping dependency, output and hidden folders; at most `limit`. */
export async function listFiles(root: string, limit = 5000): Promise<string[]> {
  const outFiles: string[] = [];
  const walk = async (rel: string, depth: number): Promise<void> => {
    if (depth > 6 || outFiles.length >= limit) return;
    const entries = await fs.readdir(path.join(root, rel), { withFileTypes: true }).catch(() => []);
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name) && !e.name.startsWith(".")) await walk(p, depth + 1);
      } else if (e.isFile()) outFiles.push(p);
    }
  };
  await walk("", 0);
  return outFiles;
}

/** Reads for detection: one that is there but unreadable (a FIFO, a device, over the size cap) is skipped, with a warning. */
export function reader(root: string, warn: (message: string) => void): Read {
  const cache = new Map<string, Promise<string>>();
  const readOnce = async (rel: string): Promise<string> => {
    // The same checks as every other read (read-input.ts): a FIFO would block init forever.
    const r = await readInputText(path.join(root, rel));
    if (r.ok) return r.text;
    if (r.problem.kind === "missing") return "";
    const remedy =
      r.problem.kind === "too-large"
        ? `make it smaller (or raise ${MAX_INPUT_ENV})`
        : r.problem.kind === "unreadable"
          ? "make it readable"
          : "make it a regular file (or move it away)";
    warn(
      `${shown(rel)} ${describeProblem(r.problem)}: init skipped it, so nothing it declares is detected; ${remedy} and run init again`,
    );
    return "";
  };
  return (rel) => {
    const cached = cache.get(rel);
    if (cached) return cached;
    const p = readOnce(rel);
    cache.set(rel, p);
    return p;
  };
}

/** The files among `files` whose name matches `name` and whose text matches `content` (at most 300 read). */
export async function filesWith(scan: Scan, name: RegExp, content: RegExp): Promise<string[]> {
  const hits: string[] = [];
  for (const f of scan.files.filter((f) => name.test(f)).slice(0, 300))
    if (content.test(await scan.read(f))) hits.push(f);
  return hits;
}

/** The folder of the nearest `marker` file at or above `rel`'s folder, or undefined. */
export function nearestWith(files: string[], rel: string, marker: string): string | undefined {
  const have = new Set(files);
  for (let d = dirOf(rel); ; d = dirOf(d)) {
    if (have.has(d === "" ? marker : `${d}/${marker}`)) return d;
    if (d === "") return undefined;
  }
}

/** A JS/TS source that imports or requires `module` (a bare specifier). */
export function importsModule(module: string): RegExp {
  const m = module.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  return new RegExp(`(?:from\\s*|require\\s*\\(\\s*|import\\s*\\(\\s*|import\\s+)["']${m}["']`);
}
