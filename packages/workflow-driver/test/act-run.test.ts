import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { ensureToolchain } from "../src/toolchain/index.ts";
import { RUN_LABEL_KEY, RunInterruptedError, runWorkflow } from "../src/run/index.ts";
import { actContainerName, dockerFor, removeRunContainers } from "../src/run/containers.ts";
import type { RunEvent, RunResult } from "../src/run/types.ts";
import { leftoverContainers, prepareRepo } from "./helpers.ts";

// Runs real act in Docker. No step here talks to GitHub, so the mock URLs only need to be well formed.
const mock = { apiUrl: "http://127.0.0.1:9", resultsUrl: "http://127.0.0.1:9/", runtimeToken: "unused" };
let tools: { actPath: string; image: string };

beforeAll(async () => {
  const tc = await ensureToolchain();
  tools = { actPath: tc.act.path, image: tc.image.tag };
}, 600_000);

afterEach(async () => {
  expect(await leftoverContainers()).toEqual([]);
});

const job = (r: RunResult, id: string) => {
  const j = r.jobs.find((x) => x.id === id);
  if (!j) throw new Error(`no job ${id} in ${JSON.stringify(r.jobs.map((x) => x.id))}`);
  return j;
};
const step = (r: RunResult, jobId: string, name: string) => {
  const s = job(r, jobId).steps.find((x) => x.name === name);
  if (!s) throw new Error(`no step ${name} in job ${jobId}`);
  return s;
};

describe("runWorkflow with real act", () => {
  it("passing workflow: step results, outputs between steps and jobs, summary, warning annotation", async () => {
    const { dir, sha } = await prepareRepo("basics");
    // A container a killed driver process left behind, with the name act is about to use.
    const staleName = actContainerName("Driver Pass", "build");
    const docker = dockerFor();
    await docker.createContainer({
      name: staleName,
      Image: tools.image,
      Cmd: ["true"],
      Labels: { [RUN_LABEL_KEY]: "stale-run" },
      HostConfig: { NetworkMode: "host" },
    });
    const events: RunEvent[] = [];
    const r = await runWorkflow({
      ...tools,
      repoDir: dir,
      workflowFile: ".github/workflows/pass.yml",
      event: "push",
      ref: "refs/heads/main",
      sha,
      repo: "acme/widgets",
      mock,
      onEvent: (e) => events.push(e),
    });
    expect(r.exitCode).toBe(0);
    expect(r.jobs.map((j) => [j.id, j.result])).toEqual([
      ["build", "success"],
      ["report", "success"],
    ]);
    expect(step(r, "build", "Greet").log).toContain(`hello from refs/heads/main at ${sha}`);
    const compute = step(r, "build", "Compute");
    expect(compute).toMatchObject({ id: "compute", result: "success", outputs: { answer: "42" } });
    expect(compute.summary).toBe("### Benchmarks passed\n");
    expect(compute.annotations).toEqual([
      { level: "warning", message: "bench_sort is close to the threshold", file: "bench.py", line: 7, title: "Slow" },
    ]);
    expect(compute.durationMs).toBeGreaterThan(0);
    expect(step(r, "build", "Use output").log).toContain("got 42");
    expect(step(r, "report", "Read needs output").outputs).toEqual({ seen: "42" });
    expect(job(r, "build").durationMs).toBeGreaterThan(0);
    expect(events.some((e) => e.type === "step-end" && e.step === "Compute" && e.result === "success")).toBe(true);
    expect(events.filter((e) => e.type === "job-end").length).toBe(2);
    expect(events).toContainEqual({ type: "cleanup", removedContainers: [staleName] });
  }, 180_000);

  it("failing workflow: failure, continue-on-error, if: always(), skipped steps and jobs, ::error", async () => {
    const { dir, sha } = await prepareRepo("basics");
    const r = await runWorkflow({
      ...tools,
      repoDir: dir,
      workflowFile: ".github/workflows/fail.yml",
      event: "push",
      ref: "refs/heads/main",
      sha,
      mock,
    });
    expect(r.exitCode).toBe(1);
    expect(r.jobs.map((j) => [j.id, j.result])).toEqual([
      ["core", "failure"],
      ["gated", "skipped"],
      ["after-all", "success"],
    ]);
    expect(step(r, "core", "Soft failure")).toMatchObject({ result: "failure", continueOnError: true });
    const hard = step(r, "core", "Hard failure");
    expect(hard).toMatchObject({ result: "failure", continueOnError: false });
    expect(hard.annotations).toEqual([
      { level: "error", message: "regression of 25% in bench_sort", file: "src/app.py", line: 12 },
    ]);
    expect(step(r, "core", "Never runs").result).toBe("skipped");
    const cleanup = step(r, "core", "Cleanup always");
    expect(cleanup.result).toBe("success");
    expect(cleanup.log).toContain("cleanup ran; soft was failure");
    expect(step(r, "after-all", "Report").log).toContain("core was failure");
  }, 180_000);
});

describe("docker hygiene", () => {
  it("a run that exceeds timeoutMs is stopped, its containers removed, and the partial result kept", async () => {
    const { dir, sha } = await prepareRepo("hygiene");
    const run = runWorkflow({
      ...tools,
      repoDir: dir,
      workflowFile: ".github/workflows/slow.yml",
      event: "push",
      ref: "refs/heads/main",
      sha,
      mock,
      timeoutMs: 6000,
    });
    const err = await run.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RunInterruptedError);
    const e = err as RunInterruptedError;
    expect(e.code).toBe("RUN_TIMEOUT");
    const partial = e.partial as RunResult;
    expect(partial.jobs[0]?.steps.find((s) => s.name === "Started")?.result).toBe("success");
    expect(partial.jobs[0]?.steps.find((s) => s.name === "Sleep")?.result).not.toBe("success");
  }, 60_000);

  it("aborting through the signal (what the CLI does on Ctrl-C) stops act and removes the containers", async () => {
    const { dir, sha } = await prepareRepo("hygiene");
    const ctl = new AbortController();
    const started: string[] = [];
    const err = await runWorkflow({
      ...tools,
      repoDir: dir,
      workflowFile: ".github/workflows/slow.yml",
      event: "push",
      ref: "refs/heads/main",
      sha,
      mock,
      signal: ctl.signal,
      onEvent: (ev) => {
        if (ev.type === "step-start") started.push(ev.step);
        if (ev.type === "step-start" && ev.step === "Sleep") setTimeout(() => ctl.abort(), 500);
      },
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "RUN_ABORTED" });
    expect(started).toEqual(["Started", "Sleep"]);
  }, 60_000);

  it("keepContainers leaves the run's job containers for debugging, labelled so they can be removed", async () => {
    const { dir, sha } = await prepareRepo("basics");
    let runKey = "";
    const r = await runWorkflow({
      ...tools,
      repoDir: dir,
      workflowFile: ".github/workflows/pass.yml",
      job: "build",
      event: "push",
      ref: "refs/heads/main",
      sha,
      mock,
      keepContainers: true,
      onEvent: (e) => {
        if (e.type === "run-start") runKey = e.runKey;
      },
    });
    expect(r.exitCode).toBe(0);
    const removed = await removeRunContainers(dockerFor(), runKey);
    expect(removed).toContain(actContainerName("Driver Pass", "build"));
  }, 120_000);
});
