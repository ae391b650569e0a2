import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import AdmZip from "adm-zip";
import { execa } from "execa";
import { parse } from "yaml";
import { standInBundle } from "../src/index.ts";
import { createMockClient, type RegisterRunInput } from "@perfgate/mock-github";

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
 * Runs the built bundle of a stand-in (`owner/repo@vN`) the way the runner does: plain `node dist/index.cjs` with its
 * inputs as INPUT_* variables and the GITHUB_* files, in a workspace directory.
 */
export async function runStandIn(
  uses: string,
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
  const bundle = standInBundle(uses);
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing; run \`pnpm --filter @perfgate/stand-ins build\``);
  const withDefaults = { ...(await actionDefaults(bundle, env)), ...inputs };
  const inputEnv = Object.fromEntries(
    Object.entries(withDefaults).map(([k, v]) => [`INPUT_${k.replace(/ /g, "_").toUpperCase()}`, v]),
  );
  const res = await execa("node", [bundle], {
    cwd: workspace,
    reject: false,
    extendEnv: false,
    env: {
      PATH: process.env.PATH ?? "",
      // The test run's marker (scripts/leftover-processes.ts): a stand-in left running is caught.
      PERFGATE_TEST_RUN: process.env.PERFGATE_TEST_RUN ?? "",
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

/**
 * The inputs the runner fills in from action.yml's `default:`s, with the expressions the
 * stand-ins' defaults use (`github.token`, `github.repository`, `github.run_id`) taken from env.
 */
async function actionDefaults(bundle: string, env: Record<string, string>): Promise<Record<string, string>> {
  const action = parse(await readFile(join(bundle, "..", "..", "action.yml"), "utf8")) as {
    inputs?: Record<string, { default?: unknown }>;
  };
  const context: Record<string, string> = {
    "github.token": env.GITHUB_TOKEN ?? "",
    "github.repository": env.GITHUB_REPOSITORY ?? "",
    "github.run_id": env.GITHUB_RUN_ID ?? "",
  };
  const out: Record<string, string> = {};
  for (const [name, def] of Object.entries(action.inputs ?? {})) {
    if (def?.default === undefined) continue;
    out[name] = String(def.default).replace(/\$\{\{\s*([\w.]+)\s*\}\}/g, (_, key: string) => context[key] ?? "");
  }
  return out;
}

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

/** Registers a workflow run on the mock through its typed control client. */
export const registerRun = (url: string, run: RegisterRunInput): Promise<{ id: number; runtimeToken: string }> =>
  createMockClient(url).registerRun(run);

export async function completeRun(
  url: string,
  id: number,
  conclusion: "success" | "failure" | "cancelled",
): Promise<void> {
  await createMockClient(url).completeRun(id, conclusion);
}

export const tempDir = (prefix: string) => mkdtemp(join(tmpdir(), prefix));

let repoCounter = 0;
/** A repository name no other test in this process uses, so each case starts from an empty store. */
export const freshRepo = (prefix: string) => `acme/${prefix}-${process.pid}-${++repoCounter}`;

/** The environment the runner gives a step of `run` (GITHUB_TOKEN only where a test wants one). */
export const runEnv = (mockUrl: string, repo: string, run: { id: number; runtimeToken: string }) => ({
  GITHUB_REPOSITORY: repo,
  GITHUB_RUN_ID: String(run.id),
  GITHUB_API_URL: mockUrl,
  GITHUB_SERVER_URL: "https://github.com",
  ACTIONS_RESULTS_URL: `${mockUrl}/`,
  ACTIONS_RUNTIME_TOKEN: run.runtimeToken,
});

export interface SeedRun {
  branch?: string;
  event?: string;
  workflow?: string;
  /** the run's head commit (default "a" x 40) */
  sha?: string;
  /** the pull request the run belongs to (the mock serves GET /pulls/{n} from it) */
  pullNumber?: number;
  /** the fork the head commit is in (`owner/name`): a fork's pull_request run */
  headRepository?: string;
  conclusion?: "success" | "failure" | "cancelled" | null;
  /** artifact name -> files (path relative to the artifact root -> content) */
  artifacts?: Record<string, Record<string, string>>;
}

/**
 * Puts a finished run into the mock: registers it, uploads its artifacts through the
 * upload-artifact@v4 stand-in (the real 2.3.2 client, a real process) and completes it.
 * Returns the run and its artifacts' ids by name.
 */
export async function seedRun(
  mockUrl: string,
  repo: string,
  seed: SeedRun,
): Promise<{ id: number; runtimeToken: string; artifactIds: Record<string, number> }> {
  const run = await registerRun(mockUrl, {
    repo,
    workflow: seed.workflow ?? "ci.yml",
    branch: seed.branch ?? "main",
    event: seed.event ?? "push",
    sha: seed.sha ?? "a".repeat(40),
    ...(seed.pullNumber === undefined ? {} : { pullNumber: seed.pullNumber }),
    ...(seed.headRepository === undefined ? {} : { headRepository: seed.headRepository }),
  });
  const artifactIds: Record<string, number> = {};
  for (const [name, files] of Object.entries(seed.artifacts ?? {})) {
    const ws = await tempDir("seed-");
    for (const [p, content] of Object.entries(files)) {
      await mkdir(dirname(join(ws, "a", p)), { recursive: true });
      await writeFile(join(ws, "a", p), content);
    }
    const up = await runStandIn(
      "actions/upload-artifact@v4",
      { name, path: "a/", "if-no-files-found": "error" },
      runEnv(mockUrl, repo, run),
      ws,
    );
    if (up.exitCode !== 0) throw new Error(`seeding artifact ${name} failed:\n${up.stdout}`);
    artifactIds[name] = Number(up.outputs["artifact-id"]);
  }
  if (seed.conclusion !== null) await completeRun(mockUrl, run.id, seed.conclusion ?? "success");
  return { ...run, artifactIds };
}

/** A real zip of `files` (path -> content), as an artifact's blob for `store.addArtifact`. */
export function zipOf(files: Record<string, string>): Buffer {
  const zip = new AdmZip();
  for (const [p, content] of Object.entries(files)) zip.addFile(p, Buffer.from(content));
  return zip.toBuffer();
}

/** Marks an artifact expired through the mock's control API (GitHub then answers its zip with 410). */
export async function expireArtifact(mockUrl: string, id: number): Promise<void> {
  const res = await fetch(`${mockUrl}/_mock/artifacts/${id}/expire`, {
    method: "POST",
    body: "{}",
    headers: { "content-type": "application/json" },
  });
  if (!res.ok) throw new Error(`expiring artifact ${id} failed: ${res.status} ${await res.text()}`);
}

/** Every file under dir, relative, sorted (what a step left on disk). */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string, rel: string) => {
    for (const e of await readdir(d, { withFileTypes: true }).catch(() => [])) {
      if (e.isDirectory()) await walk(join(d, e.name), `${rel}${e.name}/`);
      else out.push(`${rel}${e.name}`);
    }
  };
  await walk(dir, "");
  return out.sort();
}
