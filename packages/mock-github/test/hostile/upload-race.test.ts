import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { type MockServer, startMockServer } from "../../src/index.ts";
import { backendIds, registerRun, sha256, twirp } from "../helpers.ts";

let server: MockServer;
let stateDir: string;
beforeAll(async () => {
  stateDir = await mkdtemp(path.join(os.tmpdir(), "mock-github-race-"));
  server = await startMockServer({ stateDir });
});
afterAll(async () => {
  await server?.close();
  await rm(stateDir, { recursive: true, force: true });
});
afterEach(() => vi.useRealTimers());

/** One upload as @actions/artifact does it: create, put the blob, finalize. Returns each step's status. */
async function upload(token: string, name: string, bytes: Buffer) {
  const ids = backendIds(token);
  const created = await twirp(server.url, token, "CreateArtifact", { ...ids, name, version: 7 });
  if (created.status !== 200) return { created: created.status, body: await created.json() };
  const { signed_upload_url } = (await created.json()) as { signed_upload_url: string };
  const put = await fetch(signed_upload_url, {
    method: "PUT",
    headers: { "x-ms-blob-type": "BlockBlob" },
    body: bytes,
  });
  const fin = await twirp(server.url, token, "FinalizeArtifact", {
    ...ids,
    name,
    size: String(bytes.length),
    hash: `sha256:${sha256(bytes)}`,
  });
  return { created: 200, put: put.status, finalized: fin.status };
}

const blobFolders = async () => readdir(path.join(stateDir, "blobs")).catch(() => [] as string[]);

describe("parallel uploads of one name in one run", () => {
  it("50 at once: one succeeds, 49 get a clean 409, nothing pending or orphaned is left", async () => {
    const { runtimeToken } = await registerRun(server.url, { repo: "octo/race" });
    const before = (await blobFolders()).length;
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => upload(runtimeToken, "performance-baseline", Buffer.from(`upload ${i}`))),
    );
    const won = results.filter((r) => r.created === 200);
    const refused = results.filter((r) => r.created === 409);
    expect(won).toHaveLength(1);
    expect(won[0]).toMatchObject({ put: 201, finalized: 200 });
    expect(refused).toHaveLength(49);
    for (const r of refused)
      expect(r.body).toMatchObject({ code: "already_exists", msg: expect.stringMatching(/performance-baseline/) });
    const state = server.store.snapshot();
    const mine = state.artifacts.filter((a) => a.name === "performance-baseline");
    expect(mine).toHaveLength(1);
    expect(server.store.listArtifacts({ repo: "octo/race" })).toHaveLength(1);
    expect((await blobFolders()).length - before).toBe(1);
  });

  it("a loser's finalize cannot finalize the winner's upload with its own bytes", async () => {
    const { runtimeToken } = await registerRun(server.url, { repo: "octo/race" });
    const ids = backendIds(runtimeToken);
    const first = await twirp(server.url, runtimeToken, "CreateArtifact", { ...ids, name: "n", version: 4 });
    const second = await twirp(server.url, runtimeToken, "CreateArtifact", { ...ids, name: "n", version: 4 });
    expect([first.status, second.status]).toEqual([200, 409]);
    const mine = Buffer.from("the loser's bytes");
    const fin = await twirp(server.url, runtimeToken, "FinalizeArtifact", {
      ...ids,
      name: "n",
      size: String(mine.length),
      hash: `sha256:${sha256(mine)}`,
    });
    expect(fin.status).toBe(412); // the winner has not committed a blob: nothing is finalized
    expect(server.store.listArtifacts({ repo: "octo/race", name: "n" })).toEqual([]);
  });

  it("an upload that went quiet for over 10 minutes is replaced, and its blob folder removed", async () => {
    const { runtimeToken } = await registerRun(server.url, { repo: "octo/race" });
    const ids = backendIds(runtimeToken);
    const created = await twirp(server.url, runtimeToken, "CreateArtifact", { ...ids, name: "quiet", version: 4 });
    const { signed_upload_url } = (await created.json()) as { signed_upload_url: string };
    await fetch(signed_upload_url, { method: "PUT", headers: { "x-ms-blob-type": "BlockBlob" }, body: "half" });
    const folders = (await blobFolders()).length;
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 11 * 60_000);
    const retry = await upload(runtimeToken, "quiet", Buffer.from("whole"));
    expect(retry).toMatchObject({ created: 200, put: 201, finalized: 200 });
    expect((await blobFolders()).length).toBe(folders); // one removed, one added
    expect(server.store.snapshot().artifacts.filter((a) => a.name === "quiet")).toHaveLength(1);
  });
});
