import { randomBytes } from "node:crypto";
import { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockServer, startMockServer } from "../src/index.ts";
import { control, registerRun, sha256, uploadRaw } from "./helpers.ts";

let server: MockServer;
let octokit: Octokit;
const repo = { owner: "octo", repo: "app" };

beforeAll(async () => {
  server = await startMockServer();
  octokit = new Octokit({ auth: "ghp_test", baseUrl: server.url });
});
afterAll(() => server?.close());

describe("REST runs", () => {
  const ids: number[] = [];
  beforeAll(async () => {
    // 5 runs on main plus one on a feature branch and one of another workflow.
    for (let i = 0; i < 5; i++) {
      server.store.setNow(new Date(Date.UTC(2025, 0, 1, 12, i)));
      ids.push((await registerRun(server.url, { sha: `sha${i}` })).id);
    }
    server.store.setNow(new Date(Date.UTC(2025, 0, 1, 13)));
    await registerRun(server.url, { branch: "feature", event: "pull_request", sha: "shaF" });
    await registerRun(server.url, { workflow: "other.yml", sha: "shaO" });
    server.store.setNow(null);
    await control(server.url, `runs/${ids[1]}/complete`, { conclusion: "failure" });
    await control(server.url, `runs/${ids[3]}/complete`, { conclusion: "success" });
  });

  it("lists a workflow's runs newest first over 3 pages with absolute Link headers", async () => {
    const first = await octokit.rest.actions.listWorkflowRuns({
      ...repo,
      workflow_id: "ci.yml",
      branch: "main",
      per_page: 2,
    });
    expect(first.data.total_count).toBe(5);
    expect(Object.keys(first.data).sort()).toEqual(["total_count", "workflow_runs"]);
    expect(first.headers.link).toMatch(
      new RegExp(`^<${server.url}/repos/octo/app/actions/workflows/ci\\.yml/runs\\?.*page=2.*>; rel="next"`),
    );
    const pages: number[][] = [];
    for await (const page of octokit.paginate.iterator(octokit.rest.actions.listWorkflowRuns, {
      ...repo,
      workflow_id: "ci.yml",
      branch: "main",
      per_page: 2,
    })) {
      pages.push(page.data.map((r) => r.id));
    }
    expect(pages).toEqual([[ids[4], ids[3]], [ids[2], ids[1]], [ids[0]]]);
  });

  it("accepts the workflow's numeric id as well as its file name", async () => {
    const run = await octokit.rest.actions.getWorkflowRun({ ...repo, run_id: ids[0]! });
    const byId = await octokit.rest.actions.listWorkflowRuns({ ...repo, workflow_id: run.data.workflow_id });
    expect(byId.data.total_count).toBe(6); // the five on main and the feature branch's
    await expect(octokit.rest.actions.listWorkflowRuns({ ...repo, workflow_id: "missing.yml" })).rejects.toMatchObject({
      status: 404,
    });
  });

  it("filters by branch, event, head_sha and status (a status or a conclusion)", async () => {
    const list = async (q: Record<string, string>) =>
      (await octokit.rest.actions.listWorkflowRunsForRepo({ ...repo, ...q })).data.workflow_runs.map((r) => r.head_sha);
    expect(await list({ branch: "feature" })).toEqual(["shaF"]);
    expect(await list({ event: "pull_request" })).toEqual(["shaF"]);
    expect(await list({ head_sha: "sha2" })).toEqual(["sha2"]);
    expect(await list({ status: "success" })).toEqual(["sha3"]);
    expect(await list({ status: "completed" })).toEqual(["sha3", "sha1"]);
    expect((await list({})).length).toBe(7);
  });

  it("returns a run with GitHub's fields", async () => {
    await control(server.url, `runs/${ids[3]}/complete`, { conclusion: "success" });
    const { data } = await octokit.rest.actions.getWorkflowRun({ ...repo, run_id: ids[3]! });
    expect(data).toMatchObject({
      id: ids[3],
      head_branch: "main",
      head_sha: "sha3",
      event: "push",
      status: "completed",
      conclusion: "success",
      path: ".github/workflows/ci.yml",
      run_number: 4,
    });
    expect(data.created_at).toBe("2025-01-01T12:03:00Z");
    await expect(
      octokit.rest.actions.getWorkflowRun({ owner: "octo", repo: "other", run_id: ids[3]! }),
    ).rejects.toMatchObject({
      status: 404,
    });
  });

  it("answers 401 in GitHub's shape without a token", async () => {
    const anonymous = new Octokit({ baseUrl: server.url });
    await expect(anonymous.rest.actions.listWorkflowRunsForRepo(repo)).rejects.toMatchObject({
      status: 401,
      response: { data: { message: "Requires authentication", documentation_url: expect.any(String) } },
    });
  });
});

describe("REST artifacts", () => {
  let runId = 0;
  let artifactId = 0;
  const bytes = randomBytes(300_000);

  beforeAll(async () => {
    const run = await registerRun(server.url, { repo: "octo/art" });
    runId = run.id;
    artifactId = await uploadRaw(server.url, run.runtimeToken, "baseline", bytes);
    await uploadRaw(server.url, run.runtimeToken, "other", Buffer.from("x"));
  });

  it("lists a run's artifacts filtered by name, with GitHub's fields", async () => {
    const { data } = await octokit.rest.actions.listWorkflowRunArtifacts({
      owner: "octo",
      repo: "art",
      run_id: runId,
      name: "baseline",
    });
    expect(data.total_count).toBe(1);
    expect(data.artifacts[0]).toMatchObject({
      id: artifactId,
      name: "baseline",
      size_in_bytes: bytes.length,
      expired: false,
      digest: `sha256:${sha256(bytes)}`,
      archive_download_url: `${server.url}/repos/octo/art/actions/artifacts/${artifactId}/zip`,
      workflow_run: { id: runId, head_branch: "main" },
    });
    const all = await octokit.rest.actions.listArtifactsForRepo({ owner: "octo", repo: "art" });
    expect(all.data.artifacts.map((a) => a.name)).toEqual(["other", "baseline"]);
  });

  it("downloads the zip by following the 302 to a signed blob URL", async () => {
    const manual = await fetch(`${server.url}/repos/octo/art/actions/artifacts/${artifactId}/zip`, {
      headers: { authorization: "Bearer t" },
      redirect: "manual",
    });
    expect(manual.status).toBe(302);
    const location = manual.headers.get("location")!;
    // Blob storage is another origin, as on GitHub, so following the redirect drops the token.
    expect(location.startsWith(`${server.blobUrl}/mockstorage/actions-results/`)).toBe(true);
    expect(server.blobUrl).not.toBe(server.url);
    const download = await octokit.rest.actions.downloadArtifact({
      owner: "octo",
      repo: "art",
      artifact_id: artifactId,
      archive_format: "zip",
    });
    expect(download.status).toBe(200);
    expect(Buffer.from(download.data as ArrayBuffer).equals(bytes)).toBe(true);
  });

  it("refuses tampered or expired blob URLs", async () => {
    const res = await fetch(`${server.url}/repos/octo/art/actions/artifacts/${artifactId}/zip`, {
      headers: { authorization: "token t" },
      redirect: "manual",
    });
    const location = new URL(res.headers.get("location")!);
    const tampered = new URL(location);
    tampered.searchParams.set("se", new Date(Date.now() + 86_400_000).toISOString());
    expect((await fetch(tampered)).status).toBe(403);
    const unsigned = new URL(location.pathname, server.url);
    expect((await fetch(unsigned)).status).toBe(403);
    server.store.setNow(new Date(Date.now() + 2 * 3600_000));
    try {
      const late = await fetch(location);
      expect(late.status).toBe(403);
      expect(await late.text()).toMatch(/expired/);
    } finally {
      server.store.setNow(null);
    }
  });

  it("answers 410 for an expired artifact and 404 for a missing one", async () => {
    const run = await registerRun(server.url, { repo: "octo/art" });
    const id = await uploadRaw(server.url, run.runtimeToken, "old", Buffer.from("old"));
    expect((await control(server.url, `artifacts/${id}/expire`)).status).toBe(200);
    await expect(
      octokit.rest.actions.downloadArtifact({ owner: "octo", repo: "art", artifact_id: id, archive_format: "zip" }),
    ).rejects.toMatchObject({
      status: 410,
      response: { data: { message: "Artifact has expired" } },
    });
    const { data } = await octokit.rest.actions.getArtifact({ owner: "octo", repo: "art", artifact_id: id });
    expect(data.expired).toBe(true);
    await expect(
      octokit.rest.actions.getArtifact({ owner: "octo", repo: "art", artifact_id: 999 }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      octokit.rest.actions.downloadArtifact({ owner: "octo", repo: "art", artifact_id: 999, archive_format: "zip" }),
    ).rejects.toMatchObject({
      status: 404,
    });
  });

  it("expires artifacts when the clock passes expires_at (retention)", async () => {
    const run = await registerRun(server.url, { repo: "octo/art" });
    const expiresAt = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const id = await uploadRaw(server.url, run.runtimeToken, "short", Buffer.from("short"), expiresAt);
    const before = await octokit.rest.actions.getArtifact({ owner: "octo", repo: "art", artifact_id: id });
    expect(before.data).toMatchObject({ expired: false, expires_at: expiresAt.replace(/\.\d{3}Z$/, "Z") });
    server.store.setNow(new Date(Date.now() + 4 * 86_400_000));
    try {
      const after = await octokit.rest.actions.getArtifact({ owner: "octo", repo: "art", artifact_id: id });
      expect(after.data.expired).toBe(true);
      await expect(
        octokit.rest.actions.downloadArtifact({ owner: "octo", repo: "art", artifact_id: id, archive_format: "zip" }),
      ).rejects.toMatchObject({
        status: 410,
      });
    } finally {
      server.store.setNow(null);
    }
  });

  it("serves artifacts seeded with store.addArtifact (crafted bytes for client tests)", async () => {
    const run = await registerRun(server.url, { repo: "octo/art" });
    const crafted = Buffer.from("PK\u0003\u0004 not really a zip");
    const seeded = await server.store.addArtifact({ runId: run.id, name: "crafted", content: crafted });
    expect(seeded).toMatchObject({
      name: "crafted",
      sizeInBytes: crafted.length,
      digest: `sha256:${sha256(crafted)}`,
      expired: false,
    });
    const download = await octokit.rest.actions.downloadArtifact({
      owner: "octo",
      repo: "art",
      artifact_id: seeded.id,
      archive_format: "zip",
    });
    expect(Buffer.from(download.data as ArrayBuffer).equals(crafted)).toBe(true);
  });

  it("deletes an artifact with 204", async () => {
    const run = await registerRun(server.url, { repo: "octo/art" });
    const id = await uploadRaw(server.url, run.runtimeToken, "gone", Buffer.from("gone"));
    const res = await octokit.rest.actions.deleteArtifact({ owner: "octo", repo: "art", artifact_id: id });
    expect(res.status).toBe(204);
    await expect(
      octokit.rest.actions.getArtifact({ owner: "octo", repo: "art", artifact_id: id }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it("serves pulls and branches from the registered runs", async () => {
    const res = await fetch(`${server.url}/_mock/runs`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        repo: "octo/art",
        workflow: "ci.yml",
        branch: "feat",
        event: "pull_request",
        sha: "f00",
        pullNumber: 7,
      }),
    });
    expect(res.status).toBe(201);
    const pr = await octokit.rest.pulls.get({ owner: "octo", repo: "art", pull_number: 7 });
    expect(pr.data).toMatchObject({ number: 7, head: { ref: "feat", sha: "f00" } });
    const branch = await octokit.rest.repos.getBranch({ owner: "octo", repo: "art", branch: "feat" });
    expect(branch.data.commit.sha).toBe("f00");
    await expect(octokit.rest.repos.getBranch({ owner: "octo", repo: "art", branch: "nope" })).rejects.toMatchObject({
      status: 404,
    });
  });
});
