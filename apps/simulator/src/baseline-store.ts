import { withStdoutOnStderr } from "@perfgate/cli-kit";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import type { BaselineProbe } from "./checklist/types.ts";
import type { MockSession } from "./mock-session.ts";
import { BASELINE_ARTIFACT, BASELINE_FILE, paths, SAMPLE_REPO, WORKFLOW_FILE_NAME } from "./paths.ts";

// Loaded on first use: commands that never touch artifacts (help, reset, run) start without it.
const artifactClient = () => import("@perfgate/artifact-client");

// The mock accepts any non-empty REST token; a real-looking one, never printed.
const REST_TOKEN = "ghs_simulator";

/** Where a baseline lives in the mock: repository, workflow file, artifact and the file inside it. */
export interface BaselineWhere {
  repo: string;
  workflow: string;
  artifact: string;
  file: string;
}

export const SAMPLE_BASELINE: BaselineWhere = {
  repo: SAMPLE_REPO,
  workflow: WORKFLOW_FILE_NAME,
  artifact: BASELINE_ARTIFACT,
  file: BASELINE_FILE,
};

/** Downloads artifact `artifactId` and validates its baseline file with perfgate, as the workflow does. */
export async function probeBaseline(
  mock: MockSession,
  artifactId: number,
  where: BaselineWhere = SAMPLE_BASELINE,
): Promise<BaselineProbe> {
  const dest = await mkdtemp(join(tmpdir(), "perfgate-probe-"));
  try {
    const { downloadArtifact } = await artifactClient();
    const { files, bytes } = await downloadArtifact({
      repo: where.repo,
      artifactId,
      token: REST_TOKEN,
      apiUrl: mock.url,
      dest,
    });
    // The artifact holds the file the workflow uploaded; a lone .json of another name is the baseline too.
    const lone = files.filter((f) => f.endsWith(".json"));
    const file = join(dest, existsSync(join(dest, where.file)) || lone.length !== 1 ? where.file : lone[0]!);
    if (!existsSync(file))
      return { artifactId, files, bytes, text: null, validate: { exitCode: -1, output: "no baseline file" } };
    const text = await readFile(file, "utf8");
    return { artifactId, files, bytes, text, validate: await validateBaseline(file) };
  } finally {
    await rm(dest, { recursive: true, force: true });
  }
}

export async function validateBaseline(file: string): Promise<{ exitCode: number; output: string }> {
  const res = await execa("node", [paths.perfgateBundle(), "validate", file], { reject: false, all: true });
  return { exitCode: res.exitCode ?? -1, output: String(res.all ?? "").trim() };
}

/**
 * The baseline a PR would get now, found as dawidd6/action-download-artifact@v3 finds it with
 * the workflow's inputs: the newest successful run of the workflow on main, and its artifact
 * only (no search of older runs): its text when it is live and perfgate accepts it, else null.
 */
export async function latestUsableBaseline(
  mock: MockSession,
  where: BaselineWhere = SAMPLE_BASELINE,
): Promise<{ artifactId: number; text: string } | null> {
  const { findLatestArtifact } = await artifactClient();
  const found = await findLatestArtifact({
    repo: where.repo,
    workflow: where.workflow,
    branch: "main",
    name: where.artifact,
    token: REST_TOKEN,
    apiUrl: mock.url,
  }).catch((err: { code?: string }) => {
    // The mock knows a workflow only once a run of it is registered: an empty store has none yet.
    if (err?.code === "WORKFLOW_NOT_FOUND") return { found: false as const };
    throw err;
  });
  if (!found.found) return null;
  // findLatestArtifact walks back to older runs; the action does not (search_artifacts: false).
  const newest = (await mock.state()).runs
    .filter((r) => r.repo === where.repo && r.workflow === where.workflow && r.branch === "main")
    .filter((r) => r.conclusion === "success")
    .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || b.id - a.id)[0];
  if (!newest || found.run.id !== newest.id) return null;
  const probe = await probeBaseline(mock, found.artifact.id, where);
  return probe.text !== null && probe.validate.exitCode === 0
    ? { artifactId: probe.artifactId, text: probe.text }
    : null;
}

/**
 * A completed push-to-main run whose `performance-baseline` artifact holds `text`, uploaded
 * with GitHub's own artifact client against the mock's artifact service.
 */
export async function publishMainBaseline(
  mock: MockSession,
  text: string,
  where: BaselineWhere = SAMPLE_BASELINE,
): Promise<number> {
  const sha = createHash("sha1").update(`published baseline ${Date.now()} ${text}`).digest("hex");
  const { id, runtimeToken } = await mock.registerRun({
    repo: where.repo,
    workflow: where.workflow,
    branch: "main",
    event: "push",
    sha,
  });
  const dir = await mkdtemp(join(tmpdir(), "perfgate-publish-"));
  const saved = { token: process.env.ACTIONS_RUNTIME_TOKEN, results: process.env.ACTIONS_RESULTS_URL };
  try {
    const file = join(dir, where.file);
    await writeFile(file, text);
    await stat(file);
    // @actions/artifact reads its service address and credentials from the environment only.
    process.env.ACTIONS_RUNTIME_TOKEN = runtimeToken;
    process.env.ACTIONS_RESULTS_URL = `${mock.url}/`;
    const { uploadArtifact } = await artifactClient();
    // @actions/core logs to stdout, which belongs to --json: its lines go to stderr, without its
    // `::debug::` lines (one per HTTP request and header set), which GitHub too hides unless asked
    // (and, off a runner, without its `::add-mask::` lines: withStdoutOnStderr leaves those out).
    const uploaded = await withStdoutOnStderr(
      () => uploadArtifact(where.artifact, [file], { rootDirectory: dir, retentionDays: 90, overwrite: true }),
      { drop: (chunk) => chunk.startsWith("::debug::") },
    );
    await mock.completeRun(id, "success");
    return Number(uploaded.id);
  } catch (err) {
    await mock.completeRun(id, "failure").catch(() => {});
    throw err;
  } finally {
    restoreEnv("ACTIONS_RUNTIME_TOKEN", saved.token);
    restoreEnv("ACTIONS_RESULTS_URL", saved.results);
    await rm(dir, { recursive: true, force: true });
  }
}

function restoreEnv(name: string, value: string | undefined) {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
