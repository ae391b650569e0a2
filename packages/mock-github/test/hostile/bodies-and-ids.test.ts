import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backendIds, registerRun, twirp } from "../helpers.ts";
import { expectRefused, type Served, serveWithState } from "./served.ts";

// Items 17 and 19: oversized bodies and malformed ids. Each refusal: its status, a message naming
// the cause, a remedy, and the state directory (state.json, blobs/) exactly as before.
let mock: Served & { close(): Promise<void> };
let token = "";
beforeAll(async () => {
  mock = await serveWithState("bodies");
  token = (await registerRun(mock.url, { repo: "octo/bodies" })).runtimeToken;
});
afterAll(() => mock?.close());

const big = (bytes: number) => JSON.stringify({ pad: "x".repeat(bytes) });
/** Every oversized body: 413, the limit named, and to send less. */
const TOO_LARGE = { status: 413, message: /body is larger than 1048576 bytes/, remedy: /^Send a smaller body/ };

async function uploadUrl(name: string): Promise<URL> {
  const res = await twirp(mock.url, token, "CreateArtifact", { ...backendIds(token), name, version: 4 });
  return new URL(((await res.json()) as { signed_upload_url: string }).signed_upload_url);
}

function withQuery(url: URL, q: Record<string, string>): URL {
  const u = new URL(url);
  for (const [k, v] of Object.entries(q)) u.searchParams.set(k, v);
  return u;
}

/** No answer may show where the server keeps its files. */
const noServerPath = (text: string) => {
  expect(text).not.toContain(mock.stateDir);
  expect(text).not.toMatch(/\/tmp\/|ENAMETOOLONG|ENOENT|node_modules/);
};

describe("oversized bodies", () => {
  it("a 2 MiB control body is 413 with a remedy, not 'not JSON', and registers nothing", async () => {
    const before = await mock.state();
    const res = await fetch(`${mock.url}/_mock/runs`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: big(2 * 1024 * 1024),
    });
    await expectRefused(res, TOO_LARGE);
    expect(await mock.state()).toEqual(before);
  });

  it("a 2 MiB twirp body is 413 resource_exhausted", async () => {
    const before = await mock.state();
    const res = await twirp(mock.url, token, "ListArtifacts", { ...backendIds(token), pad: "x".repeat(2 << 20) });
    await expectRefused(res, { ...TOO_LARGE, code: "resource_exhausted" });
    expect(await mock.state()).toEqual(before);
  });

  it("a streamed (chunked) oversized body is 413 too, sets no clock, and the connection still answers", async () => {
    const before = await mock.state();
    const chunk = Buffer.alloc(256 * 1024, 0x20);
    const body = new ReadableStream({
      start(c) {
        for (let i = 0; i < 8; i++) c.enqueue(chunk);
        c.close();
      },
    });
    const res = await fetch(`${mock.url}/_mock/clock`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
      duplex: "half",
    } as RequestInit);
    await expectRefused(res, TOO_LARGE);
    expect(await mock.state()).toEqual(before);
    expect((await fetch(`${mock.url}/_mock/state`)).status).toBe(200);
  });

  it("an oversized block list is 413 RequestBodyTooLarge", async () => {
    const url = withQuery(await uploadUrl("biglist"), { comp: "blocklist" });
    const before = await mock.state();
    const res = await fetch(url, {
      method: "PUT",
      body: `<BlockList>${"<Latest>QUFBQQ==</Latest>".repeat(60_000)}</BlockList>`,
    });
    await expectRefused(res, { ...TOO_LARGE, code: "RequestBodyTooLarge" });
    expect(await mock.state()).toEqual(before);
  });
});

describe("block ids", () => {
  /** A refused block id: 400 InvalidInput naming the id and the rule, Azure's rule as the remedy, no server path, the state as before. */
  async function refusedBlockId(res: Response, before: Record<string, string>, message: RegExp) {
    const r = await expectRefused(res, {
      status: 400,
      code: "InvalidInput",
      message,
      remedy: /^Send block ids as Azure requires: Base64 of at most 64 bytes/,
    });
    noServerPath(r.message + r.remedy);
    expect(await mock.state()).toEqual(before);
  }

  it("a 200-character block id is 400 naming the rule, with no server path", async () => {
    const url = withQuery(await uploadUrl("longid"), { comp: "block", blockid: "A".repeat(200) });
    const before = await mock.state();
    const res = await fetch(url, { method: "PUT", body: "bytes" });
    await refusedBlockId(res, before, /The block id 'A{80}\.\.\.' is not Base64 of 1 to 64 bytes/);
  });

  it("a block id with path characters is 400 and writes nothing outside the upload", async () => {
    const url = withQuery(await uploadUrl("pathid"), { comp: "block", blockid: "../../../escape" });
    const before = await mock.state();
    const res = await fetch(url, { method: "PUT", body: "bytes" });
    await refusedBlockId(res, before, /The block id '\.\.\/\.\.\/\.\.\/escape' is not Base64/);
    expect(existsSync(path.join(mock.stateDir, "..", "escape"))).toBe(false);
  });

  it("an empty block id is 400", async () => {
    const url = withQuery(await uploadUrl("emptyid"), { comp: "block", blockid: "" });
    const before = await mock.state();
    await expectRefused(await fetch(url, { method: "PUT", body: "x" }), {
      status: 400,
      message: /^blockid is required\.$/,
      remedy: /^Give each Put Block a blockid: Base64 of 1 to 64 bytes/,
    });
    expect(await mock.state()).toEqual(before);
  });

  it("a block list naming a malformed id is 400, not a 500", async () => {
    const url = withQuery(await uploadUrl("badlist"), { comp: "blocklist" });
    const before = await mock.state();
    const res = await fetch(url, { method: "PUT", body: `<BlockList><Latest>${"B".repeat(300)}</Latest></BlockList>` });
    await refusedBlockId(res, before, /The block id 'B{80}\.\.\.' is not Base64/);
  });
});

describe("malformed requests", () => {
  it("twirp that is not JSON is 400 malformed", async () => {
    const before = await mock.state();
    const res = await fetch(`${mock.url}/twirp/github.actions.results.api.v1.ArtifactService/ListArtifacts`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: "{nope",
    });
    await expectRefused(res, {
      status: 400,
      code: "malformed",
      message: /^the request body is not JSON: /,
      remedy: /^Send the request as one JSON object/,
    });
    expect(await mock.state()).toEqual(before);
  });

  it("CreateArtifact with version 99 is 400 naming the versions served", async () => {
    const before = await mock.state();
    const res = await twirp(mock.url, token, "CreateArtifact", { ...backendIds(token), name: "v", version: 99 });
    await expectRefused(res, {
      status: 400,
      code: "invalid_argument",
      message: /^artifact version 99 is not supported; versions 4 to 7 are$/,
      remedy: /^Use @actions\/artifact 2\.x \(version 4\) to 6\.x \(version 7\)/,
    });
    expect(await mock.state()).toEqual(before);
  });

  it("an artifact name with a path is 400 and creates no upload", async () => {
    const before = await mock.state();
    const res = await twirp(mock.url, token, "CreateArtifact", { ...backendIds(token), name: "../x", version: 7 });
    await expectRefused(res, {
      status: 400,
      code: "invalid_argument",
      message: /^Artifact name '\.\.\/x' is not valid: it is empty or holds one of/,
      remedy: /^Name the artifact without those characters/,
    });
    expect(await mock.state()).toEqual(before);
    expect(mock.server.store.snapshot().artifacts.some((a) => a.name === "../x")).toBe(false);
  });
});
