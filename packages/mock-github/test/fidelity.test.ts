import { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMockClient, type MockServer, startMockServer } from "../src/index.ts";
import { backendIds, control, registerRun, twirp, uploadRaw } from "./helpers.ts";

// Where GitHub's clients read the mock's answers: workflows, paging, filters, expiry, redirects.
let server: MockServer;
let octokit: Octokit;
beforeAll(async () => {
  server = await startMockServer();
  octokit = new Octokit({ auth: "ghp_test", baseUrl: server.url });
});
afterAll(() => server?.close());

const GITHUB_404 = { message: "Not Found", documentation_url: "https://docs.github.com/rest", status: "404" };

describe("workflow files", () => {
  it("lists no runs (200, total_count 0) for a registered file that never ran; 404 for an unknown one", async () => {
    const reg = await control(server.url, "workflows", {
      repo: "octo/wf",
      workflows: ["ci.yml", { file: ".github/workflows/perf.yaml", name: "Performance" }],
    });
    expect(reg.status).toBe(201);
    const empty = await fetch(`${server.url}/repos/octo/wf/actions/workflows/ci.yml/runs?branch=main`, {
      headers: { authorization: "token t" },
    });
    expect(empty.status).toBe(200);
    expect(await empty.json()).toEqual({ total_count: 0, workflow_runs: [] });
    const unknown = await fetch(`${server.url}/repos/octo/wf/actions/workflows/nope.yml/runs`, {
      headers: { authorization: "token t" },
    });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual(GITHUB_404);
    // Another repository does not share the files.
    await expect(
      octokit.rest.actions.listWorkflowRuns({ owner: "octo", repo: "other", workflow_id: "ci.yml" }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it("serves the workflows themselves, by file and by id, and numbers runs per workflow", async () => {
    const { data } = await octokit.rest.actions.listRepoWorkflows({ owner: "octo", repo: "wf" });
    expect(data.total_count).toBe(2);
    expect(data.workflows.map((w) => [w.name, w.path, w.state])).toEqual([
      ["ci", ".github/workflows/ci.yml", "active"],
      ["Performance", ".github/workflows/perf.yaml", "active"],
    ]);
    const perf = await octokit.rest.actions.getWorkflow({ owner: "octo", repo: "wf", workflow_id: "perf.yaml" });
    const byId = await octokit.rest.actions.getWorkflow({ owner: "octo", repo: "wf", workflow_id: perf.data.id });
    expect(byId.data.path).toBe(".github/workflows/perf.yaml");
    const run = await registerRun(server.url, { repo: "octo/wf", workflow: "perf.yaml" });
    const runs = await octokit.rest.actions.listWorkflowRuns({ owner: "octo", repo: "wf", workflow_id: perf.data.id });
    expect(runs.data.workflow_runs.map((r) => [r.id, r.workflow_id, r.run_number])).toEqual([
      [run.id, perf.data.id, 1],
    ]);
  });

  it("refuses a workflow list that is not workflow files", async () => {
    const bad = await control(server.url, "workflows", { repo: "octo/wf", workflows: ["../../etc/passwd"] });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/workflow file/);
  });
});

describe("paging and filters", () => {
  let runId = 0;
  beforeAll(async () => {
    const run = await registerRun(server.url, { repo: "octo/page" });
    runId = run.id;
    for (let i = 0; i < 103; i++) await registerRun(server.url, { repo: "octo/page", sha: `s${i}` });
    for (let i = 0; i < 5; i++) await uploadRaw(server.url, run.runtimeToken, `a${i}`, Buffer.from(`a${i}`));
  });

  it("caps per_page at 100 and says so in the Link header; total_count is the whole list", async () => {
    const res = await octokit.rest.actions.listWorkflowRunsForRepo({ owner: "octo", repo: "page", per_page: 500 });
    expect(res.data.total_count).toBe(104);
    expect(res.data.workflow_runs).toHaveLength(100);
    const link = res.headers.link!;
    expect(link).toContain('rel="next"');
    expect(link).toMatch(/per_page=100&page=2>; rel="next"/);
    expect(link).toMatch(/page=2>; rel="last"/);
    expect(link.startsWith(`<${server.url}/repos/octo/page/actions/runs?`)).toBe(true);
  });

  it("serves a per_page or page that is not a positive integer as if unsent (30 items, page 1), never 422", async () => {
    for (const [perPage, page] of [
      ["0", "1"],
      ["-5", "1"],
      ["abc", "0"],
      ["2.5", "-1"],
    ]) {
      const res = await fetch(`${server.url}/repos/octo/page/actions/runs?per_page=${perPage}&page=${page}`, {
        headers: { authorization: "token any" },
      });
      expect(res.status, `per_page=${perPage}&page=${page}`).toBe(200);
      const body = (await res.json()) as { total_count: number; workflow_runs: { id: number }[] };
      expect(body.total_count).toBe(104);
      expect(body.workflow_runs).toHaveLength(30);
      expect(res.headers.get("link")).toMatch(/per_page=30&page=2>; rel="next"/);
    }
  });

  it("answers a page past the end with no items, the total, and prev/first links only", async () => {
    const res = await octokit.rest.actions.listWorkflowRunsForRepo({
      owner: "octo",
      repo: "page",
      per_page: 50,
      page: 9,
    });
    expect(res.data.total_count).toBe(104);
    expect(res.data.workflow_runs).toEqual([]);
    expect(res.headers.link).toMatch(/page=3>; rel="prev"/);
    expect(res.headers.link).toMatch(/page=1>; rel="first"/);
    expect(res.headers.link).not.toMatch(/rel="next"/);
  });

  it("filters artifact lists by exact name, and pages them", async () => {
    const named = await octokit.rest.actions.listWorkflowRunArtifacts({
      owner: "octo",
      repo: "page",
      run_id: runId,
      name: "a3",
    });
    expect(named.data.total_count).toBe(1);
    expect(named.data.artifacts.map((a) => a.name)).toEqual(["a3"]);
    const none = await octokit.rest.actions.listArtifactsForRepo({ owner: "octo", repo: "page", name: "a" });
    expect(none.data).toEqual({ total_count: 0, artifacts: [] });
    const pages = await octokit.paginate(octokit.rest.actions.listWorkflowRunArtifacts, {
      owner: "octo",
      repo: "page",
      run_id: runId,
      per_page: 2,
    });
    expect(pages.map((a) => a.name)).toEqual(["a4", "a3", "a2", "a1", "a0"]);
  });

  it("keeps expired artifacts in lists with expired: true and their expires_at", async () => {
    const { data } = await octokit.rest.actions.listWorkflowRunArtifacts({
      owner: "octo",
      repo: "page",
      run_id: runId,
      name: "a0",
    });
    const id = data.artifacts[0]!.id;
    const expired = (await (await control(server.url, `artifacts/${id}/expire`)).json()) as { expires_at: string };
    const after = await octokit.rest.actions.listWorkflowRunArtifacts({
      owner: "octo",
      repo: "page",
      run_id: runId,
      name: "a0",
    });
    expect(after.data.artifacts[0]).toMatchObject({ id, expired: true });
    expect(after.data.artifacts[0]!.expires_at).toBe(expired.expires_at.replace(/\.\d{3}Z$/, "Z"));
    expect(after.data.artifacts[0]!.expires_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });
});

describe("the download redirect", () => {
  it("sends the client to blob storage on another origin, where the signed URL alone suffices", async () => {
    const run = await registerRun(server.url, { repo: "octo/dl" });
    const id = await uploadRaw(server.url, run.runtimeToken, "zip", Buffer.from("zip bytes"));
    const zip = `${server.url}/repos/octo/dl/actions/artifacts/${id}/zip`;
    const manual = await fetch(zip, { headers: { authorization: "token ghp_secret" }, redirect: "manual" });
    expect(manual.status).toBe(302);
    const location = manual.headers.get("location")!;
    expect(new URL(location).origin).toBe(server.blobUrl);
    expect(location).not.toContain("ghp_secret");
    // Cross-origin, so fetch drops Authorization when it follows the redirect (as on GitHub).
    const followed = await fetch(zip, { headers: { authorization: "token ghp_secret" } });
    expect(followed.status).toBe(200);
    expect(Buffer.from(await followed.arrayBuffer()).toString()).toBe("zip bytes");
    expect((await fetch(location)).status).toBe(200); // no token needed at all
    // The blob origin serves blobs only.
    expect((await fetch(`${server.blobUrl}/repos/octo/dl/actions/artifacts/${id}`)).status).toBe(404);
  });
});

describe("CreateArtifact versions", () => {
  it("accepts versions 4 to 7 with unknown fields (mime_type, future ones) and proto3 camelCase names", async () => {
    const { runtimeToken } = await registerRun(server.url, { repo: "octo/ver" });
    const ids = backendIds(runtimeToken);
    for (const version of [4, 5, 6, 7]) {
      const res = await twirp(server.url, runtimeToken, "CreateArtifact", {
        ...ids,
        name: `v${version}`,
        version,
        mime_type: "application/zip",
        some_future_field: { nested: true },
      });
      expect(res.status, `version ${version}`).toBe(200);
    }
    const camel = await twirp(server.url, runtimeToken, "CreateArtifact", {
      workflowRunBackendId: ids.workflow_run_backend_id,
      workflowJobRunBackendId: ids.workflow_job_run_backend_id,
      name: "camel",
      version: 7,
      mimeType: "application/zip",
    });
    expect(camel.status).toBe(200);
    for (const version of [3, 8]) {
      const res = await twirp(server.url, runtimeToken, "CreateArtifact", { ...ids, name: `x${version}`, version });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({
        msg: `artifact version ${version} is not supported; versions 4 to 7 are`,
      });
    }
  });
});

describe("a fork's run", () => {
  it("is listed under the base repository with the fork as head_repository; its pull request's head is the fork", async () => {
    const mock = createMockClient(server.url);
    const fork = await mock.registerRun({
      repo: "octo/base",
      workflow: "ci.yml",
      branch: "main", // a fork's own branch, often called main too
      event: "pull_request",
      sha: "f".repeat(40),
      pullNumber: 3,
      headRepository: "someone/fork",
    });
    const own = await registerRun(server.url, { repo: "octo/base" });
    const id = await uploadRaw(server.url, fork.runtimeToken, "from-fork", Buffer.from("x"));
    const { data } = await octokit.rest.actions.listWorkflowRuns({
      owner: "octo",
      repo: "base",
      workflow_id: "ci.yml",
    });
    const forkRun = data.workflow_runs.find((r) => r.id === fork.id)!;
    expect(forkRun.repository).toMatchObject({ full_name: "octo/base", fork: false });
    expect(forkRun.head_repository).toMatchObject({
      full_name: "someone/fork",
      name: "fork",
      owner: { login: "someone" },
      fork: true,
    });
    expect(forkRun.head_repository_id).toBe(forkRun.head_repository.id);
    expect(forkRun.head_repository.id).not.toBe(forkRun.repository.id);
    const ownRun = data.workflow_runs.find((r) => r.id === own.id)!;
    expect(ownRun.head_repository).toEqual(ownRun.repository);
    // The fork has no runs of its own: they belong to the base repository.
    await expect(
      octokit.rest.actions.listWorkflowRuns({ owner: "someone", repo: "fork", workflow_id: "ci.yml" }),
    ).rejects.toMatchObject({ status: 404 });
    const pull = await octokit.rest.pulls.get({ owner: "octo", repo: "base", pull_number: 3 });
    expect(pull.data.head).toMatchObject({ sha: "f".repeat(40), repo: { full_name: "someone/fork", fork: true } });
    expect(pull.data.base.repo.full_name).toBe("octo/base");
    const artifact = await octokit.rest.actions.getArtifact({ owner: "octo", repo: "base", artifact_id: id });
    expect(artifact.data.workflow_run).toMatchObject({
      repository_id: forkRun.repository.id,
      head_repository_id: forkRun.head_repository.id,
    });
    const state = await mock.state();
    expect(state.runs.find((r) => r.id === fork.id)?.headRepository).toBe("someone/fork");
    expect(state.runs.find((r) => r.id === own.id)?.headRepository).toBe("octo/base");
  });

  it("refuses a head repository that is not owner/name", async () => {
    const run = { repo: "octo/base", workflow: "ci.yml", branch: "main", event: "pull_request", sha: "f" };
    const res = await control(server.url, "runs", { ...run, headRepository: "fork" });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/headRepository must look like owner\/name/);
  });
});
