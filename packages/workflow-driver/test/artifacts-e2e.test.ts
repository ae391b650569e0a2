import { type MockServer, startMockServer } from "@perfgate/mock-github";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { runWorkflow } from "../src/run/index.ts";
import type { RunResult } from "../src/run/types.ts";
import { ensureToolchain } from "../src/toolchain/index.ts";
import { completeRun, leftoverContainers, prepareRepo, registerRun } from "./helpers.ts";

// main uploads through the upload-artifact stand-in; a later pull_request run finds and
// downloads it through the dawidd6 and download-artifact stand-ins. Real act, real Docker,
// the mock GitHub on 127.0.0.1.
const REPO = "acme/widgets";
let mock: MockServer;
let tools: { actPath: string; image: string };

beforeAll(async () => {
  const tc = await ensureToolchain();
  tools = { actPath: tc.act.path, image: tc.image.tag };
  mock = await startMockServer();
}, 600_000);
afterAll(async () => {
  await mock?.close();
});
afterEach(async () => {
  expect(await leftoverContainers()).toEqual([]);
});

const step = (r: RunResult, name: string) => {
  const s = r.jobs[0]?.steps.find((x) => x.name === name);
  if (!s) throw new Error(`no step ${name}: ${JSON.stringify(r.jobs[0]?.steps.map((x) => x.name))}`);
  return s;
};

describe("artifacts across runs through the stand-ins", () => {
  it("main uploads the baseline; a later PR run downloads it", async () => {
    const { dir, sha } = await prepareRepo("artifacts");
    const mainRun = await registerRun(mock.url, {
      repo: REPO,
      workflow: "perf.yml",
      branch: "main",
      event: "push",
      sha,
    });
    const main = await runWorkflow({
      ...tools,
      repoDir: dir,
      workflowFile: ".github/workflows/perf.yml",
      event: "push",
      ref: "refs/heads/main",
      sha,
      repo: REPO,
      mock: { apiUrl: mock.url, resultsUrl: `${mock.url}/`, runtimeToken: mainRun.runtimeToken, runId: mainRun.id },
    });
    expect(main.exitCode, main.logFile).toBe(0);
    const mamba = step(main, "Setup Mambaforge");
    expect(mamba.result).toBe("success");
    expect(mamba.annotations[0]?.message).toMatch(/Offline stand-in for mamba-org\/setup-micromamba/);
    expect(step(main, "Setup Node").outputs["node-version"]).toMatch(/^v20\./);
    expect(step(main, "Download baseline from main branch").result).toBe("skipped");
    const upload = step(main, "Upload baseline");
    expect(upload.result).toBe("success");
    const artifactId = Number(upload.outputs["artifact-id"]);
    expect(artifactId).toBeGreaterThan(0);
    expect(upload.outputs["artifact-url"]).toBe(
      `https://github.com/${REPO}/actions/runs/${mainRun.id}/artifacts/${artifactId}`,
    );
    expect(upload.log).toContain("Artifact performance-baseline has been successfully uploaded!");
    expect(
      mock.store
        .snapshot()
        .artifacts.filter((a) => a.runId === mainRun.id)
        .map((a) => a.name)
        .sort(),
    ).toEqual(["perf-report", "performance-baseline"]);
    await completeRun(mock.url, mainRun.id, "success");

    const prRun = await registerRun(mock.url, {
      repo: REPO,
      workflow: "perf.yml",
      branch: "feature",
      event: "pull_request",
      sha,
    });
    const pr = await runWorkflow({
      ...tools,
      repoDir: dir,
      workflowFile: ".github/workflows/perf.yml",
      event: "pull_request",
      ref: "refs/heads/feature",
      sha,
      repo: REPO,
      env: { MAIN_RUN_ID: String(mainRun.id) },
      mock: { apiUrl: mock.url, resultsUrl: `${mock.url}/`, runtimeToken: prRun.runtimeToken, runId: prRun.id },
    });
    expect(pr.exitCode, pr.logFile).toBe(0);
    const dl = step(pr, "Download baseline from main branch");
    expect(dl.result).toBe("success");
    expect(dl.outputs.found_artifact).toBe("true");
    expect(JSON.parse(dl.outputs.artifacts ?? "[]")[0]).toMatchObject({ id: artifactId, name: "performance-baseline" });
    expect(dl.annotations).toEqual([]);
    expect(step(pr, "Download main's report by run id").result).toBe("success");
    const compare = step(pr, "Compare");
    expect(compare.log).toContain('{"benchmarks": {"sort": 1.5}}');
    expect(compare.log).toContain("sort 1.5s");
    expect(step(pr, "Upload baseline").result).toBe("skipped");
  }, 300_000);

  it("the current majors (upload v7/v6, dawidd6 v21, download v8; @actions/artifact 6.x and 5.0.1) under act", async () => {
    const { dir, sha } = await prepareRepo("artifacts");
    const base = { ...tools, repoDir: dir, workflowFile: ".github/workflows/current.yml", sha, repo: "acme/current" };
    const mainRun = await registerRun(mock.url, {
      repo: "acme/current",
      workflow: "current.yml",
      branch: "main",
      event: "push",
      sha,
    });
    const main = await runWorkflow({
      ...base,
      event: "push",
      ref: "refs/heads/main",
      mock: { apiUrl: mock.url, resultsUrl: `${mock.url}/`, runtimeToken: mainRun.runtimeToken, runId: mainRun.id },
    });
    expect(main.exitCode, main.logFile).toBe(0);
    const upload = step(main, "Upload baseline");
    expect(upload.result).toBe("success");
    const clash = step(main, "Upload again without overwrite");
    expect([clash.result, clash.continueOnError]).toEqual(["failure", true]);
    expect(clash.annotations.find((a) => a.level === "error")?.message).toContain("(409) Conflict");
    await completeRun(mock.url, mainRun.id, "success");

    const prRun = await registerRun(mock.url, {
      repo: "acme/current",
      workflow: "current.yml",
      branch: "feature",
      event: "pull_request",
      sha,
    });
    const pr = await runWorkflow({
      ...base,
      event: "pull_request",
      ref: "refs/heads/feature",
      env: { MAIN_RUN_ID: String(mainRun.id) },
      mock: { apiUrl: mock.url, resultsUrl: `${mock.url}/`, runtimeToken: prRun.runtimeToken, runId: prRun.id },
    });
    expect(pr.exitCode, pr.logFile).toBe(0);
    const dl = step(pr, "Download baseline from main branch");
    expect(dl.outputs.found_artifact).toBe("true");
    expect(dl.log).toContain("==> Allow forks: false");
    expect(dl.log).toContain("inflating: metrics/baselines/current_performance_baseline.json");
    expect(step(pr, "Download by run id").result).toBe("success");
    expect(step(pr, "Compare").log.match(/"sort": 2\.5/g)).toHaveLength(2);
  }, 300_000);
});
