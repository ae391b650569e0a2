import { chmod, mkdir, mkdtemp, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ToolchainError } from "../src/toolchain/errors.ts";

export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `perfgate-${prefix}-`));
}

/** A bin folder holding the given shell scripts (name -> body after the shebang). */
export async function fakeBin(scripts: Record<string, string> = {}): Promise<string> {
  const dir = await tempDir("bin");
  for (const [name, body] of Object.entries(scripts)) {
    const file = join(dir, name);
    await writeFile(file, `#!/bin/sh\n${body}\n`);
    await chmod(file, 0o755);
  }
  return dir;
}

export async function listDir(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch (err) {
    if ((err as { code?: string }).code === "ENOENT") return [];
    throw err;
  }
}

/** Awaits a rejection and returns it as a ToolchainError (fails the test for anything else). */
export async function toolchainError(p: Promise<unknown>): Promise<ToolchainError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ToolchainError) return err;
    throw new Error(`expected a ToolchainError, got: ${err instanceof Error ? err.stack : String(err)}`);
  }
  throw new Error("expected a ToolchainError, but the call succeeded");
}

export async function ensureDir(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  return dir;
}
