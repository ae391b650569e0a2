import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { type MockServer, startMockServer } from "../src/index.ts";
import { backendIds, registerRun, sha256, twirp, uploadRaw } from "./helpers.ts";

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer();
});
afterAll(() => server?.close());

async function startUpload(token: string, name: string, bytes: Buffer) {
  const ids = backendIds(token);
  const created = await twirp(server.url, token, "CreateArtifact", { ...ids, name, version: 4 });
  expect(created.status).toBe(200);
  const { signed_upload_url } = (await created.json()) as { signed_upload_url: string };
  const put = await fetch(signed_upload_url, {
    method: "PUT",
    headers: { "x-ms-blob-type": "BlockBlob" },
    body: bytes,
  });
  expect(put.status).toBe(201);
  return { ids, signed_upload_url };
}

describe("twirp ArtifactService", () => {
  it("uses GitHub's JSON names with int64 values as strings", async () => {
    const { runtimeToken } = await registerRun(server.url);
    const id = await uploadRaw(server.url, runtimeToken, "shape", Buffer.from("shape"));
    const res = await twirp(server.url, runtimeToken, "ListArtifacts", {
      ...backendIds(runtimeToken),
      id_filter: String(id),
    });
    const body = (await res.json()) as { artifacts: Record<string, unknown>[] };
    expect(body.artifacts).toEqual([
      {
        ...backendIds(runtimeToken),
        database_id: String(id),
        name: "shape",
        size: "5",
        created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        digest: `sha256:${sha256(Buffer.from("shape"))}`,
      },
    ]);
  });

  it("rejects a finalize whose hash or size does not match the stored bytes", async () => {
    const { runtimeToken } = await registerRun(server.url);
    const bytes = Buffer.from("the real bytes");
    const { ids } = await startUpload(runtimeToken, "checked", bytes);
    const wrongHash = await twirp(server.url, runtimeToken, "FinalizeArtifact", {
      ...ids,
      name: "checked",
      size: String(bytes.length),
      hash: `sha256:${sha256(Buffer.from("other bytes"))}`,
    });
    expect(wrongHash.status).toBe(400);
    expect(await wrongHash.json()).toMatchObject({
      code: "invalid_argument",
      msg: expect.stringMatching(/hash .* does not match/),
    });
    const wrongSize = await twirp(server.url, runtimeToken, "FinalizeArtifact", {
      ...ids,
      name: "checked",
      size: "3",
      hash: `sha256:${sha256(bytes)}`,
    });
    expect(wrongSize.status).toBe(400);
    expect(await wrongSize.json()).toMatchObject({ msg: expect.stringMatching(/size 3 does not match/) });
    // Nothing was finalized by the failed attempts; the correct one succeeds.
    const ok = await twirp(server.url, runtimeToken, "FinalizeArtifact", {
      ...ids,
      name: "checked",
      size: String(bytes.length),
      hash: `sha256:${sha256(bytes)}`,
    });
    expect(ok.status).toBe(200);
  });

  it("answers already_exists (409) for a second artifact of the same name in a run", async () => {
    const { runtimeToken } = await registerRun(server.url);
    await uploadRaw(server.url, runtimeToken, "dup", Buffer.from("1"));
    const again = await twirp(server.url, runtimeToken, "CreateArtifact", {
      ...backendIds(runtimeToken),
      name: "dup",
      version: 4,
    });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: "already_exists" });
    // Another run may use the same name.
    const other = await registerRun(server.url);
    expect(await uploadRaw(server.url, other.runtimeToken, "dup", Buffer.from("2"))).toBeGreaterThan(0);
  });

  it("refuses backend ids that are not the token's, and another run's token", async () => {
    const a = await registerRun(server.url);
    const b = await registerRun(server.url);
    const res = await twirp(server.url, a.runtimeToken, "ListArtifacts", backendIds(b.runtimeToken));
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: "permission_denied" });
    const garbage = await twirp(server.url, "not-a-jwt", "ListArtifacts", backendIds(a.runtimeToken));
    expect(garbage.status).toBe(401);
  });

  it("rejects blob writes with a read signature and blocks that were never staged", async () => {
    const { runtimeToken } = await registerRun(server.url);
    const ids = backendIds(runtimeToken);
    const created = await twirp(server.url, runtimeToken, "CreateArtifact", { ...ids, name: "blocks", version: 4 });
    const uploadUrl = new URL(((await created.json()) as { signed_upload_url: string }).signed_upload_url);
    const commit = new URL(uploadUrl);
    commit.searchParams.set("comp", "blocklist");
    const res = await fetch(commit, {
      method: "PUT",
      body: "<?xml version='1.0'?><BlockList><Latest>QUFBQQ==</Latest></BlockList>",
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/never staged/);
    const readOnly = new URL(uploadUrl);
    readOnly.searchParams.set("sp", "r");
    const write = await fetch(readOnly, { method: "PUT", headers: { "x-ms-blob-type": "BlockBlob" }, body: "x" });
    expect(write.status).toBe(403);
  });

  it("validates requests and names", async () => {
    const { runtimeToken } = await registerRun(server.url);
    const ids = backendIds(runtimeToken);
    const bad = await twirp(server.url, runtimeToken, "CreateArtifact", { ...ids, name: "a/b", version: 4 });
    expect(bad.status).toBe(400);
    const missing = await twirp(server.url, runtimeToken, "FinalizeArtifact", { ...ids, name: "x" });
    expect(await missing.json()).toMatchObject({ code: "invalid_argument", msg: expect.stringMatching(/size/) });
    const route = await twirp(server.url, runtimeToken, "Nope", {});
    expect(route.status).toBe(404);
  });
});

// Item 8 of issue 11 (moved from test/hostile/: a retry after a stalled upload is accepted by design).
describe("a stale upload", () => {
  let stateDir: string;
  let persisted: MockServer;
  beforeAll(async () => {
    stateDir = await mkdtemp(path.join(os.tmpdir(), "mock-github-stale-"));
    persisted = await startMockServer({ stateDir });
  });
  afterAll(async () => {
    await persisted?.close();
    await rm(stateDir, { recursive: true, force: true });
  });
  afterEach(() => vi.useRealTimers());
  const blobFolders = async () => readdir(path.join(stateDir, "blobs")).catch(() => [] as string[]);

  it("an upload that went quiet for over 10 minutes is replaced, and its blob folder removed", async () => {
    const { runtimeToken } = await registerRun(persisted.url, { repo: "octo/race" });
    const ids = backendIds(runtimeToken);
    const created = await twirp(persisted.url, runtimeToken, "CreateArtifact", { ...ids, name: "quiet", version: 4 });
    const { signed_upload_url } = (await created.json()) as { signed_upload_url: string };
    await fetch(signed_upload_url, { method: "PUT", headers: { "x-ms-blob-type": "BlockBlob" }, body: "half" });
    const folders = await blobFolders();
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 11 * 60_000);
    // The retry: create, put, finalize (uploadRaw throws unless each step succeeds).
    const id = await uploadRaw(persisted.url, runtimeToken, "quiet", Buffer.from("whole"));
    expect(persisted.store.getArtifact(id)?.name).toBe("quiet");
    const now = await blobFolders();
    expect(now).toHaveLength(folders.length); // one removed, one added
    expect(now.filter((f) => folders.includes(f))).toHaveLength(folders.length - 1);
    expect(persisted.store.snapshot().artifacts.filter((a) => a.name === "quiet")).toHaveLength(1);
  });
});
