import { createHash, randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { basename, isAbsolute, join, relative, resolve } from "node:path";
import { withLock } from "../toolchain/lock.ts";
import { perfgateHome } from "../toolchain/paths.ts";
import { buildActInvocation } from "./act-args.ts";
import { createResultCollector, parseActLine } from "./act-log.ts";
import { spawnAct } from "./act-process.ts";
import { dockerFor, removeRunContainers, removeStaleContainers } from "./containers.ts";
import { DriverError, RunInterruptedError } from "./errors.ts";
import { buildEventPayload, githubRef } from "./event-payload.ts";
import { preflight } from "./preflight.ts";
import { defaultStandIns, standInProblems } from "./stand-ins.ts";
import { type RunEvent, type RunResult, type RunWorkflowOptions, RunWorkflowOptionsSchema } from "./types.ts";

/**
 * Runs one workflow (or one job and the jobs it needs) through real act in Docker, offline,
 * against the mock GitHub, and returns typed per-job and per-step results.
 * Throws PreflightError before starting anything when the workflow cannot run offline.
 */
export async function runWorkflow(options: RunWorkflowOptions): Promise<RunResult> {
  const parsed = RunWorkflowOptionsSchema.safeParse(options);
  if (!parsed.success) {
    throw new DriverError(
      "INVALID_OPTIONS",
      `runWorkflow options are invalid: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
      "Correct the options named above.",
    );
  }
  const opts = parsed.data;
  const emit = (e: RunEvent) => options.onEvent?.(e);
  const repoDir = resolve(opts.repoDir);
  const workflowPath = isAbsolute(opts.workflowFile) ? opts.workflowFile : join(repoDir, opts.workflowFile);
  const plan = await preflight(workflowPath, { job: opts.job, standIns: opts.standIns ?? defaultStandIns(), repoDir });
  const standIns = plan.standIns;
  const problems = standInProblems(standIns.filter((s) => plan.uses.some((u) => u.uses === s.uses)));
  if (problems.length > 0) {
    throw new DriverError(
      "STAND_IN_NOT_BUILT",
      `stand-in actions are not ready: ${problems.join("; ")}`,
      "Run `pnpm --filter @perfgate/workflow-driver build` (or fix the stand-in directory named above).",
    );
  }
  const tools = await resolveTools(opts.actPath, opts.image);

  const home = perfgateHome();
  const runKey = randomBytes(6).toString("hex");
  const runDir = join(opts.workRoot ?? join(home, "tmp"), `run-${Date.now()}-${runKey}`);
  const actHome = join(runDir, "home");
  await mkdir(actHome, { recursive: true });
  const repo = opts.repo ?? `local/${basename(repoDir)}`;
  const event = buildEventPayload({ event: opts.event, repo, ref: opts.ref, sha: opts.sha, payload: opts.payload });
  const eventFile = join(runDir, "event.json");
  const emptyFile = join(runDir, "empty");
  await writeFile(eventFile, JSON.stringify(event, null, 2));
  await writeFile(emptyFile, "");
  const logFile = join(runDir, "act.log");

  const env: Record<string, string> = {
    GITHUB_REPOSITORY: repo,
    GITHUB_REPOSITORY_OWNER: repo.split("/")[0]!,
    GITHUB_REF: githubRef({ event: opts.event, repo, ref: opts.ref, sha: opts.sha }, event),
    SHA_REF: opts.sha,
    GITHUB_API_URL: opts.mock.apiUrl,
    ACTIONS_RESULTS_URL: withSlash(opts.mock.resultsUrl),
    ACTIONS_RUNTIME_URL: withSlash(opts.mock.resultsUrl),
    ACTIONS_RUNTIME_TOKEN: opts.mock.runtimeToken,
    ...(opts.mock.runId !== undefined ? { GITHUB_RUN_ID: String(opts.mock.runId) } : {}),
    ...opts.env,
  };
  // A long random token: the mock accepts any non-empty one; a real-looking length catches truncation.
  const secrets = { GITHUB_TOKEN: `ghs_${randomBytes(27).toString("base64url")}`, ...opts.secrets };
  const inv = buildActInvocation({
    event: opts.event,
    workflowFile: relative(repoDir, workflowPath),
    job: opts.job,
    eventFile,
    image: tools.image,
    runLabel: runKey,
    standIns,
    env,
    secrets,
    home: actHome,
    emptyFile,
    envFilePath: join(runDir, "act.env"),
    keepContainers: opts.keepContainers,
  });
  await writeFile(join(runDir, "act.env"), inv.envFile, { mode: 0o600 });

  // act derives container names from workflow and job names only, so two runs of the same
  // workflow at once would collide: take turns per workflow name. Names are the Docker engine's,
  // not this checkout's, so the lock lives beside the engine's socket identity: two checkouts
  // on one machine (or a user's and CI's) must not sweep each other's containers as stale.
  const lockName = `act-${plan.name.replace(/[^a-zA-Z0-9]+/g, "-")}`;
  return withLock(engineLocksDir(tools.socketPath ?? "/var/run/docker.sock"), lockName, async () => {
    const docker = dockerFor(tools.socketPath);
    const stale = await removeStaleContainers(
      docker,
      plan.name,
      plan.jobs.map((j) => j.name),
    );
    if (stale.length > 0) emit({ type: "cleanup", removedContainers: stale });

    const collector = createResultCollector({ emit });
    const lastLines: string[] = []; // act's own messages, for an error before any job started
    const onLine = (line: string) => {
      const parsedLine = parseActLine(line);
      if (parsedLine) collector.add(parsedLine);
      if (!parsedLine?.jobID && line.trim()) {
        lastLines.push(parsedLine?.msg ?? line);
        if (lastLines.length > 8) lastLines.shift();
      }
    };
    const stop = new AbortController();
    let interrupted: "RUN_TIMEOUT" | "RUN_ABORTED" | undefined;
    const abort = (why: "RUN_TIMEOUT" | "RUN_ABORTED") => {
      interrupted ??= why;
      stop.abort();
    };
    const onSignal = () => abort("RUN_ABORTED");
    const timer = opts.timeoutMs ? setTimeout(() => abort("RUN_TIMEOUT"), opts.timeoutMs) : undefined;
    opts.signal?.addEventListener("abort", onSignal);
    if (opts.signal?.aborted) abort("RUN_ABORTED");
    // Ctrl-C reaches act too; we catch it so the containers are removed before exiting.
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
    emit({ type: "run-start", runKey, args: inv.args });
    try {
      const res = await spawnAct({
        act: tools.act,
        args: inv.args,
        env: { ...inv.env, ...(tools.socketPath ? { DOCKER_HOST: `unix://${tools.socketPath}` } : {}) },
        cwd: repoDir,
        logFile,
        signal: stop.signal,
        onLine,
      });
      if (res.startError && !interrupted) {
        throw new DriverError(
          "ACT_START_FAILED",
          `act could not be started (${tools.act}): ${res.startError}`,
          "Run `pnpm run doctor` to see what is missing and `pnpm run toolchain` to install act and the runner image.",
        );
      }
      if (!interrupted && res.exitCode !== 0 && collector.startedJobs() === 0) {
        throw new DriverError(
          "ACT_FAILED",
          `act exited with ${res.exitCode} before starting any job:\n${lastLines.join("\n")}`,
          `Read the lines above (full log: ${logFile}).`,
        );
      }
      const result: RunResult = { exitCode: res.exitCode ?? 1, jobs: collector.finish(plan.jobs), logFile };
      if (interrupted) {
        throw new RunInterruptedError(
          interrupted,
          interrupted === "RUN_TIMEOUT"
            ? `workflow run did not finish within ${opts.timeoutMs} ms; act was stopped`
            : "workflow run was interrupted; act was stopped",
          interrupted === "RUN_TIMEOUT"
            ? `Raise timeoutMs or look at ${logFile} for the step that hangs.`
            : "Run it again.",
          result,
        );
      }
      return result;
    } finally {
      if (timer) clearTimeout(timer);
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      opts.signal?.removeEventListener("abort", onSignal);
      if (!opts.keepContainers || interrupted) {
        const removed = await removeRunContainers(docker, runKey);
        emit({ type: "cleanup", removedContainers: removed });
      }
      await rm(actHome, { recursive: true, force: true });
      await rm(join(runDir, "act.env"), { force: true });
    }
  });
}

const withSlash = (u: string) => (u.endsWith("/") ? u : `${u}/`);

interface Tools {
  act: string;
  image: string;
  socketPath?: string;
}

async function resolveTools(actPath: string | undefined, image: string | undefined): Promise<Tools> {
  if (actPath && image) return { act: actPath, image };
  const { ensureToolchain } = await import("../toolchain/ensure.ts");
  const tc = await ensureToolchain();
  return { act: actPath ?? tc.act.path, image: image ?? tc.image.tag, socketPath: tc.docker.socketPath };
}

/** Locks shared by every checkout that talks to the Docker engine at `socketPath`. */
function engineLocksDir(socketPath: string): string {
  const engine = createHash("sha256").update(resolve(socketPath)).digest("hex").slice(0, 12);
  return join(tmpdir(), `perfgate-engine-${engine}-${process.getuid?.() ?? 0}`, "locks");
}
