import { existsSync } from "node:fs";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { createMockClient } from "@perfgate/mock-github";
import { standInsRoot } from "../src/run/stand-ins.ts";

export interface StandInRun {
  exitCode: number;
  stdout: string;
  outputs: Record<string, string>;
  /** Directories the action added to PATH for later steps (GITHUB_PATH). */
  addedPath: string[];
  /** GitHub workflow commands the action printed (`::warning::...`, `::error::...`). */
  commands: { command: string; message: string }[];
}

/**
 * Runs a built stand-in bundle the way the runner does: plain `node dist/index.cjs` with its
 * inputs as INPUT_* variables and the GITHUB_* files, in a workspace directory.
 */
export async function runStandIn(
  dir: string,
  inputs: Record<string, string>,
  env: Record<string, string>,
  workspace: string,
): Promise<StandInRun> {
  const files = await mkdtemp(join(tmpdir(), "standin-files-"));
  const outputFile = join(files, "output");
  await writeFile(outputFile, "");
  await writeFile(join(files, "summary"), "");
  await writeFile(join(files, "env"), "");
  await writeFile(join(files, "path"), "");
  if (!existsSync(bundle(dir)))
    throw new Error(`${bundle(dir)} is missing; run \`pnpm --filter @perfgate/workflow-driver build\``);
  const inputEnv = Object.fromEntries(
    Object.entries(inputs).map(([k, v]) => [`INPUT_${k.replace(/ /g, "_").toUpperCase()}`, v]),
  );
  const res = await execa("node", [bundle(dir)], {
    cwd: workspace,
    reject: false,
    extendEnv: false,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: files,
      GITHUB_WORKSPACE: workspace,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: join(files, "summary"),
      GITHUB_ENV: join(files, "env"),
      GITHUB_PATH: join(files, "path"),
      RUNNER_TEMP: files,
      ...inputEnv,
      ...env,
    },
  });
  const commands = [...res.stdout.matchAll(/^::(error|warning|notice)[^:]*::(.*)$/gm)].map((m) => ({
    command: m[1]!,
    message: m[2]!,
  }));
  const addedPath = (await readFile(join(files, "path"), "utf8")).split("\n").filter(Boolean);
  return {
    exitCode: res.exitCode ?? 1,
    stdout: res.stdout,
    outputs: parseOutputFile(await readFile(outputFile, "utf8")),
    addedPath,
    commands,
  };
}

const bundle = (dir: string) => join(standInsRoot(), dir, "dist", "index.cjs");

/** GITHUB_OUTPUT as @actions/core writes it: `name<<DELIM\nvalue\nDELIM`. */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^=<]+)<<(.+)$/.exec(lines[i]!);
    if (m) {
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i]!);
      out[m[1]!] = value.join("\n");
    } else {
      const eq = /^([^=]+)=(.*)$/.exec(lines[i]!);
      if (eq) out[eq[1]!] = eq[2]!;
    }
  }
  return out;
}

/** Registers a workflow run on the mock through its control API. */
export async function registerRun(
  url: string,
  run: { repo: string; workflow: string; branch: string; event: string; sha: string },
): Promise<{ id: number; runtimeToken: string }> {
  return createMockClient(url).registerRun(run);
}

export async function completeRun(
  url: string,
  id: number,
  conclusion: "success" | "failure" | "cancelled",
): Promise<void> {
  await createMockClient(url).completeRun(id, conclusion);
}

export const tempDir = (prefix: string) => mkdtemp(join(tmpdir(), prefix));
