import { createHash } from "node:crypto";
import { promises as fs } from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import { type CliResult, runCli, type Via } from "../helpers.ts";

/** Every file and folder under `dir` with a hash of its content and its mode: what "nothing lost" means. */
export async function fingerprint(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  async function walk(d: string): Promise<void> {
    for (const e of await fs.readdir(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      const rel = path.relative(dir, p);
      const st = await fs.lstat(p);
      const mode = (st.mode & 0o7777).toString(8);
      if (e.isDirectory()) {
        out[`${rel}/`] = `dir ${mode}`;
        await walk(p);
      } else if (e.isFile()) {
        out[rel] = `${createHash("sha256")
          .update(await fs.readFile(p))
          .digest("hex")} ${mode}`;
      } else
        out[rel] = `${e.isFIFO() ? "fifo" : e.isSymbolicLink() ? `link -> ${await fs.readlink(p)}` : "other"} ${mode}`;
    }
  }
  await walk(dir);
  return out;
}

export interface Expectation {
  code: number;
  /** The `perfgate: error:` line names the cause. */
  message: RegExp;
  /** The `remedy:` line says what to do. */
  remedy: RegExp;
  env?: Record<string, string>;
  asUser?: number;
  via?: Via;
}

/**
 * One hostile input through the real CLI: the exit code, one error line naming the cause, a
 * remedy, no stack trace, no "this is a bug", and every file in `dir` exactly as before (no
 * temp file left either).
 */
export async function expectRefused(dir: string, args: string[], e: Expectation): Promise<CliResult> {
  const before = await fingerprint(dir);
  const r = await runCli(args, { cwd: dir, env: e.env, asUser: e.asUser, via: e.via });
  expect(r.code, r.output).toBe(e.code);
  const errors = r.stderr.split("\n").filter((l) => l.startsWith("perfgate: error:"));
  expect(errors, r.output).toHaveLength(1);
  expect(errors[0], r.output).toMatch(e.message);
  const remedy = r.stderr.split("\n").find((l) => l.startsWith("  remedy: "));
  expect(remedy, r.output).toMatch(e.remedy);
  expect(r.output).not.toMatch(/\n\s+at .+[\\/].+:\d+:\d+/); // no stack trace
  expect(r.output).not.toMatch(/this is a bug|unexpected error/i);
  expect(await fingerprint(dir)).toEqual(before);
  return r;
}

/** The user nobody (65534) can read what a test wrote and write nowhere it was not allowed to. */
export const NOBODY = 65534;

export async function openToOthers(dir: string): Promise<void> {
  await fs.chmod(dir, 0o755);
  for (const e of await fs.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) await openToOthers(p);
    else if (e.isFile()) await fs.chmod(p, 0o644);
  }
}
