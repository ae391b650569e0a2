import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { DefaultArtifactClient } from "@actions/artifact-v6";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockServer, startMockServer } from "../src/index.ts";
import { registerRun } from "./helpers.ts";

// @actions/artifact 6.x (the client of upload-artifact v6/v7 and current download-artifact):
// CreateArtifact with version 7 and mime_type, uploads that may skip the zip, downloads that
// decide whether to unzip from the blob's content type and name.
let server: MockServer;
let client: DefaultArtifactClient;
let work: string;
let run: { id: number; runtimeToken: string };
let other: { id: number; runtimeToken: string };
const files: Record<string, Buffer> = {
  "big.bin": randomBytes(17 * 1024 * 1024 + 999), // > 2 x 8 MiB: three blocks
  "report/summary.json": Buffer.from(JSON.stringify({ ok: true })),
  "report/empty.txt": Buffer.alloc(0),
};
const findBy = () => ({ token: "ghp_test", workflowRunId: run.id, repositoryOwner: "octo", repositoryName: "six" });

beforeAll(async () => {
  server = await startMockServer();
  work = await mkdtemp(path.join(os.tmpdir(), "mock-github-artifact-v6-"));
  for (const [name, bytes] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(work, "src", name)), { recursive: true });
    await writeFile(path.join(work, "src", name), bytes);
  }
  run = await registerRun(server.url, { repo: "octo/six" });
  other = await registerRun(server.url, { repo: "octo/six", sha: "b".repeat(40) });
  process.env.ACTIONS_RUNTIME_TOKEN = run.runtimeToken;
  process.env.ACTIONS_RESULTS_URL = `${server.url}/`;
  process.env.GITHUB_API_URL = server.url;
  process.env.GITHUB_WORKSPACE = work;
  delete process.env.GITHUB_SERVER_URL; // github.com: the client refuses GHES hosts
  const { DefaultArtifactClient } = await import("@actions/artifact-v6");
  client = new DefaultArtifactClient();
});

afterAll(async () => {
  await server?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

const sources = () => Object.keys(files).map((f) => path.join(work, "src", f));

async function expectSameFiles(dir: string) {
  for (const [name, bytes] of Object.entries(files)) {
    expect((await readFile(path.join(dir, name))).equals(bytes), name).toBe(true);
  }
}

describe("@actions/artifact 6.x against the served mock", () => {
  let artifactId = 0;
  let digest = "";

  it("uploads a multi-file artifact in several blocks with version 7 and mime_type", async () => {
    const result = await client.uploadArtifact("perf-baseline", sources(), path.join(work, "src"), {
      retentionDays: 3,
      compressionLevel: 0,
    });
    expect(result.id).toBeGreaterThan(0);
    expect(result.size).toBeGreaterThan(16 * 1024 * 1024);
    artifactId = result.id!;
    digest = result.digest!;
    const stored = server.store.getArtifact(artifactId)!;
    expect(stored).toMatchObject({ digest: `sha256:${digest}`, sizeInBytes: result.size, mimeType: "application/zip" });
  });

  it("lists it in the run (twirp) and through the REST API of another run (findBy)", async () => {
    expect((await client.listArtifacts()).artifacts).toMatchObject([
      { id: artifactId, name: "perf-baseline", digest: `sha256:${digest}` },
    ]);
    const viaRest = await client.listArtifacts({ findBy: findBy() });
    expect(viaRest.artifacts).toMatchObject([{ id: artifactId, name: "perf-baseline", digest: `sha256:${digest}` }]);
    const got = await client.getArtifact("perf-baseline", { findBy: findBy() });
    expect(got.artifact).toMatchObject({ id: artifactId, size: expect.any(Number) });
  });

  it("downloads it by id within the run, byte-identical", async () => {
    const dest = path.join(work, "same-run");
    const result = await client.downloadArtifact(artifactId, { path: dest, expectedHash: `sha256:${digest}` });
    expect(result.digestMismatch).toBe(false);
    await expectSameFiles(dest);
  });

  it("downloads it by id from another run with findBy (302 to blob storage, token not forwarded)", async () => {
    process.env.ACTIONS_RUNTIME_TOKEN = other.runtimeToken;
    try {
      const dest = path.join(work, "other-run");
      const result = await client.downloadArtifact(artifactId, {
        path: dest,
        expectedHash: `sha256:${digest}`,
        findBy: findBy(),
      });
      expect(result.digestMismatch).toBe(false);
      await expectSameFiles(dest);
      // The other run cannot see it without findBy: it is not in that run.
      await expect(client.downloadArtifact(artifactId, { path: path.join(work, "nope") })).rejects.toThrow(
        /No artifacts found for ID/,
      );
    } finally {
      process.env.ACTIONS_RUNTIME_TOKEN = run.runtimeToken;
    }
  });

  it("uploads a single file unzipped (skipArchive) and downloads it as that file", async () => {
    const file = path.join(work, "src", "report/summary.json");
    const result = await client.uploadArtifact("ignored", [file], path.join(work, "src"), { skipArchive: true });
    const stored = server.store.getArtifact(result.id!)!;
    expect(stored).toMatchObject({ name: "summary.json", mimeType: "application/json" });
    for (const opts of [{}, { findBy: findBy() }]) {
      const dest = await mkdtemp(path.join(work, "raw-"));
      await client.downloadArtifact(result.id!, { path: dest, ...opts });
      expect((await readFile(path.join(dest, "summary.json"))).equals(files["report/summary.json"]!)).toBe(true);
    }
  });

  it("refuses a second upload of the name with the 409 text the action shows, until deleted", async () => {
    const small = [path.join(work, "src", "report/summary.json")];
    await expect(client.uploadArtifact("perf-baseline", small, path.join(work, "src"))).rejects.toThrow(
      /409.*already exists/,
    );
    expect((await client.deleteArtifact("perf-baseline")).id).toBe(artifactId);
    const again = await client.uploadArtifact("perf-baseline", small, path.join(work, "src"));
    expect(again.id).toBeGreaterThan(artifactId);
  });
});
