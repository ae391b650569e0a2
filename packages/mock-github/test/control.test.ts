import { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockServer, startMockServer } from "../src/index.ts";
import { backendIds, control, registerRun, sha256, twirp, uploadRaw } from "./helpers.ts";

let server: MockServer;
const auth = { authorization: "token t" };
beforeAll(async () => {
  server = await startMockServer();
});
afterAll(() => server?.close());

describe("control API", () => {
  it("registers, completes and reports runs and artifacts", async () => {
    const { id, runtimeToken } = await registerRun(server.url, {
      repo: "o/r",
      workflow: ".github/workflows/gate.yml",
      branch: "main",
    });
    expect(runtimeToken.split(".")).toHaveLength(3);
    const run = await (await fetch(`${server.url}/repos/o/r/actions/runs/${id}`, { headers: auth })).json();
    expect(run).toMatchObject({
      status: "in_progress",
      conclusion: null,
      path: ".github/workflows/gate.yml",
      run_number: 1,
    });
    const done = await control(server.url, `runs/${id}/complete`, { conclusion: "cancelled" });
    expect(await done.json()).toEqual({ id, status: "completed", conclusion: "cancelled" });
    const artifactId = await uploadRaw(server.url, runtimeToken, "a", Buffer.from("a"));
    const state = (await (await fetch(`${server.url}/_mock/state`)).json()) as {
      runs: { id: number; conclusion: string }[];
      artifacts: { id: number; expired: boolean }[];
    };
    expect(state.runs.find((r) => r.id === id)?.conclusion).toBe("cancelled");
    expect(state.artifacts.find((a) => a.id === artifactId)?.expired).toBe(false);
    await control(server.url, `artifacts/${artifactId}/expire`);
    const after = (await (await fetch(`${server.url}/_mock/state`)).json()) as typeof state;
    expect(after.artifacts.find((a) => a.id === artifactId)?.expired).toBe(true);
  });

  it("rejects bad input with a specific message and a remedy", async () => {
    const res = await control(server.url, "runs", {
      repo: "norepo",
      workflow: "ci.yml",
      branch: "main",
      event: "push",
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; remedy: string };
    expect(body.error).toMatch(/repo must look like owner\/name/);
    expect(body.error).toMatch(/sha/);
    expect(body.remedy).toMatch(/README/);
    expect((await control(server.url, "runs/1/complete", { conclusion: "maybe" })).status).toBe(400);
    expect((await control(server.url, "runs/424242/complete", { conclusion: "success" })).status).toBe(404);
    expect((await control(server.url, "artifacts/424242/expire")).status).toBe(404);
    expect((await control(server.url, "faults", { count: 0, kind: "500" })).status).toBe(400);
    const notJson = await fetch(`${server.url}/_mock/runs`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{",
    });
    expect(notJson.status).toBe(400);
  });

  it("shows how an artifact's upload came in: CreateArtifact's version and mime_type, the committed blocks", async () => {
    const { runtimeToken } = await registerRun(server.url, { repo: "o/upload-view" });
    const single = await uploadRaw(server.url, runtimeToken, "one-put", Buffer.from("put"));
    expect(await (await fetch(`${server.url}/_mock/artifacts/${single}/upload`)).json()).toEqual({
      id: single,
      name: "one-put",
      createArtifact: { version: 4, mimeType: null },
      mimeType: null,
      size: 3,
      blocks: null,
    });
    // Three staged blocks, one left out of the commit, the rest committed out of staging order.
    const ids = backendIds(runtimeToken);
    const created = await twirp(server.url, runtimeToken, "CreateArtifact", {
      ...ids,
      name: "blocks",
      version: 7,
      mime_type: "text/plain",
    });
    const { signed_upload_url } = (await created.json()) as { signed_upload_url: string };
    const block = (id: string, body: string) =>
      fetch(`${signed_upload_url}&comp=block&blockid=${encodeURIComponent(id)}`, { method: "PUT", body });
    const [a, b, c] = ["AAAA", "AAAB", "AAAC"];
    for (const [id, body] of [
      [a, "1"],
      [b, "2"],
      [c, "3"],
    ] as const)
      expect((await block(id, body)).status).toBe(201);
    const list = `<?xml version="1.0" encoding="utf-8"?><BlockList><Latest>${c}</Latest><Latest>${a}</Latest></BlockList>`;
    const committed = await fetch(`${signed_upload_url}&comp=blocklist`, { method: "PUT", body: list });
    expect(committed.status).toBe(201);
    const fin = await twirp(server.url, runtimeToken, "FinalizeArtifact", {
      ...ids,
      name: "blocks",
      size: "2",
      hash: `sha256:${sha256(Buffer.from("31"))}`,
    });
    const id = Number(((await fin.json()) as { artifact_id: string }).artifact_id);
    expect(await server.store.describeUpload(id)).toEqual({
      id,
      name: "blocks",
      createArtifact: { version: 7, mimeType: "text/plain" },
      mimeType: "text/plain",
      size: 2,
      blocks: [c, a],
    });
    expect((await fetch(`${server.url}/_mock/artifacts/424242/upload`)).status).toBe(404);
  });

  it("moves the clock for deterministic expiry", async () => {
    await control(server.url, "clock", { now: "2030-01-01T00:00:00Z" });
    const { id } = await registerRun(server.url, { repo: "o/clock" });
    const run = (await (await fetch(`${server.url}/repos/o/clock/actions/runs/${id}`, { headers: auth })).json()) as {
      created_at: string;
    };
    expect(run.created_at).toBe("2030-01-01T00:00:00Z");
    await control(server.url, "clock", { now: null });
    expect(Math.abs(server.store.now().getTime() - Date.now())).toBeLessThan(5000);
  });
});

describe("faults", () => {
  // Item 18 of issue 11 (moved from test/hostile/: nothing is refused here, the queue is just visible).
  const faults = async () => (await (await fetch(`${server.url}/_mock/faults`)).json()) as { faults: unknown[] };

  it("GET /_mock/faults lists the queue in order with what remains", async () => {
    await control(server.url, "faults", { count: 2, kind: "500" });
    await control(server.url, "faults", { count: 1, kind: "429" });
    expect(await faults()).toEqual({
      faults: [
        { kind: "500", remaining: 2 },
        { kind: "429", remaining: 1 },
      ],
    });
    expect((await fetch(`${server.url}/repos/o/r/actions/runs`, { headers: auth })).status).toBe(500);
    expect(await faults()).toEqual({
      faults: [
        { kind: "500", remaining: 1 },
        { kind: "429", remaining: 1 },
      ],
    });
  });

  it("DELETE /_mock/faults clears them so they do not strike the next client", async () => {
    const res = await fetch(`${server.url}/_mock/faults`, { method: "DELETE" });
    expect(await res.json()).toEqual({ cleared: 2 });
    expect(await faults()).toEqual({ faults: [] });
    expect((await fetch(`${server.url}/repos/o/r/actions/runs`, { headers: auth })).status).toBe(200);
  });

  it("fails the next N non-control requests with GitHub's 500, then recovers", async () => {
    await control(server.url, "faults", { count: 2, kind: "500" });
    // Control requests are not affected and do not use up the faults.
    expect((await fetch(`${server.url}/_mock/state`)).status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${server.url}/repos/o/r/actions/runs`, { headers: auth });
      expect(res.status).toBe(500);
      expect(await res.json()).toMatchObject({ message: "Server Error", status: "500" });
    }
    expect((await fetch(`${server.url}/repos/o/r/actions/runs`, { headers: auth })).status).toBe(200);
  });

  it("answers 429 with retry-after and rate-limit headers, which Octokit's users can honour", async () => {
    await control(server.url, "faults", { count: 1, kind: "429" });
    const res = await fetch(`${server.url}/repos/o/r/actions/runs`, { headers: auth });
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("1");
    expect(res.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(Number(res.headers.get("x-ratelimit-reset"))).toBeGreaterThan(Date.now() / 1000 - 1);
    const octokit = new Octokit({ auth: "t", baseUrl: server.url });
    await control(server.url, "faults", { count: 1, kind: "429" });
    await expect(octokit.rest.actions.listWorkflowRunsForRepo({ owner: "o", repo: "r" })).rejects.toMatchObject({
      status: 429,
    });
    expect((await octokit.rest.actions.listWorkflowRunsForRepo({ owner: "o", repo: "r" })).status).toBe(200);
  });

  it("resets the connection", async () => {
    await control(server.url, "faults", { count: 1, kind: "reset" });
    const error = await fetch(`${server.url}/repos/o/r/actions/runs`, { headers: auth }).then(
      () => undefined,
      (e: Error & { cause?: { code?: string } }) => e,
    );
    expect(error?.message).toBe("fetch failed");
    expect(error?.cause?.code ?? String(error?.cause)).toMatch(/ECONNRESET/);
    expect((await fetch(`${server.url}/repos/o/r/actions/runs`, { headers: auth })).status).toBe(200);
  });

  it("applies to the artifact service and blob storage too", async () => {
    const { runtimeToken } = await registerRun(server.url);
    await control(server.url, "faults", { count: 1, kind: "500" });
    await expect(uploadRaw(server.url, runtimeToken, "f", Buffer.from("f"))).rejects.toThrow(/CreateArtifact -> 500/);
    expect(await uploadRaw(server.url, runtimeToken, "f", Buffer.from("f"))).toBeGreaterThan(0);
  });
});
