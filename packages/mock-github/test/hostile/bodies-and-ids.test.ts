import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockServer, startMockServer } from "../../src/index.ts";
import { backendIds, registerRun, twirp } from "../helpers.ts";

let server: MockServer;
let stateDir: string;
let token = "";
beforeAll(async () => {
  stateDir = mkdtempSync(path.join(os.tmpdir(), "mock-github-bodies-"));
  server = await startMockServer({ stateDir });
  token = (await registerRun(server.url, { repo: "octo/bodies" })).runtimeToken;
});
afterAll(async () => {
  await server?.close();
  rmSync(stateDir, { recursive: true, force: true });
});

const big = (bytes: number) => JSON.stringify({ pad: "x".repeat(bytes) });

async function uploadUrl(name: string): Promise<URL> {
  const res = await twirp(server.url, token, "CreateArtifact", { ...backendIds(token), name, version: 4 });
  return new URL(((await res.json()) as { signed_upload_url: string }).signed_upload_url);
}

function withQuery(url: URL, q: Record<string, string>): URL {
  const u = new URL(url);
  for (const [k, v] of Object.entries(q)) u.searchParams.set(k, v);
  return u;
}

/** No answer may show where the server keeps its files. */
const noServerPath = (text: string) => {
  expect(text).not.toContain(stateDir);
  expect(text).not.toMatch(/\/tmp\/|ENAMETOOLONG|ENOENT|node_modules/);
};

describe("oversized bodies", () => {
  it("a 2 MiB control body is 413 with a remedy, not 'not JSON'", async () => {
    const res = await fetch(`${server.url}/_mock/runs`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: big(2 * 1024 * 1024),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: expect.stringMatching(/larger than/), remedy: expect.any(String) });
  });

  it("a 2 MiB twirp body is 413 resource_exhausted", async () => {
    const res = await twirp(server.url, token, "ListArtifacts", { ...backendIds(token), pad: "x".repeat(2 << 20) });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: "resource_exhausted" });
  });

  it("a streamed (chunked) oversized body is 413 too, and the connection still answers", async () => {
    const chunk = Buffer.alloc(256 * 1024, 0x20);
    const body = new ReadableStream({
      start(c) {
        for (let i = 0; i < 8; i++) c.enqueue(chunk);
        c.close();
      },
    });
    const res = await fetch(`${server.url}/_mock/clock`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(413);
  });

  it("an oversized block list is 413 RequestBodyTooLarge", async () => {
    const url = withQuery(await uploadUrl("biglist"), { comp: "blocklist" });
    const res = await fetch(url, {
      method: "PUT",
      body: `<BlockList>${"<Latest>QUFBQQ==</Latest>".repeat(60_000)}</BlockList>`,
    });
    expect(res.status).toBe(413);
    expect(await res.text()).toMatch(/RequestBodyTooLarge/);
  });
});

describe("block ids", () => {
  it("a 200-character block id is 400 naming the rule, with no server path", async () => {
    const url = withQuery(await uploadUrl("longid"), { comp: "block", blockid: "A".repeat(200) });
    const res = await fetch(url, { method: "PUT", body: "bytes" });
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).toMatch(/Base64 of 1 to 64 bytes/);
    noServerPath(text);
  });

  it("a block id with path characters is 400 and writes nothing outside the upload", async () => {
    const url = withQuery(await uploadUrl("pathid"), { comp: "block", blockid: "../../../escape" });
    const res = await fetch(url, { method: "PUT", body: "bytes" });
    expect(res.status).toBe(400);
    noServerPath(await res.text());
    expect(existsSync(path.join(stateDir, "escape"))).toBe(false);
  });

  it("an empty block id is 400", async () => {
    const url = withQuery(await uploadUrl("emptyid"), { comp: "block", blockid: "" });
    expect((await fetch(url, { method: "PUT", body: "x" })).status).toBe(400);
  });

  it("a block list naming a malformed id is 400, not a 500", async () => {
    const url = withQuery(await uploadUrl("badlist"), { comp: "blocklist" });
    const res = await fetch(url, { method: "PUT", body: `<BlockList><Latest>${"B".repeat(300)}</Latest></BlockList>` });
    expect(res.status).toBe(400);
    noServerPath(await res.text());
  });
});

describe("malformed requests", () => {
  it("twirp that is not JSON is 400 malformed", async () => {
    const res = await fetch(`${server.url}/twirp/github.actions.results.api.v1.ArtifactService/ListArtifacts`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: "{nope",
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: "malformed" });
  });

  it("CreateArtifact with version 99 is 400 naming the versions served", async () => {
    const res = await twirp(server.url, token, "CreateArtifact", { ...backendIds(token), name: "v", version: 99 });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ msg: expect.stringMatching(/versions 4 to 7/) });
  });

  it("an artifact name with a path is 400 and creates no upload", async () => {
    const res = await twirp(server.url, token, "CreateArtifact", { ...backendIds(token), name: "../x", version: 7 });
    expect(res.status).toBe(400);
    expect(server.store.snapshot().artifacts.some((a) => a.name === "../x")).toBe(false);
  });
});
