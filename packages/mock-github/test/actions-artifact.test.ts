import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { DefaultArtifactClient } from "@actions/artifact";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockServer, startMockServer } from "../src/index.ts";
import { backendIds, registerRun, twirp } from "./helpers.ts";

// GitHub's own upload/download client against the served mock. @actions/github reads
// GITHUB_API_URL when it is first loaded, so the client is imported after the server starts.
let server: MockServer;
let client: DefaultArtifactClient;
let work: string;
let run: { id: number; runtimeToken: string };
const files: Record<string, Buffer> = {
  "big.bin": randomBytes(9 * 1024 * 1024 + 12345), // > 8 MiB: the upload stages several blocks
  "report/summary.json": Buffer.from(JSON.stringify({ ok: true })),
  "report/empty.txt": Buffer.alloc(0),
};

beforeAll(async () => {
  server = await startMockServer();
  work = await mkdtemp(path.join(os.tmpdir(), "mock-github-artifact-"));
  for (const [name, bytes] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(work, "src", name)), { recursive: true });
    await writeFile(path.join(work, "src", name), bytes);
  }
  run = await registerRun(server.url, { repo: "octo/app" });
  process.env.ACTIONS_RUNTIME_TOKEN = run.runtimeToken;
  process.env.ACTIONS_RESULTS_URL = `${server.url}/`;
  process.env.GITHUB_API_URL = server.url;
  process.env.GITHUB_WORKSPACE = work;
  delete process.env.GITHUB_SERVER_URL; // github.com: @actions/artifact refuses GHES hosts
  const { DefaultArtifactClient } = await import("@actions/artifact");
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

describe("@actions/artifact against the served mock", () => {
  let artifactId = 0;
  let digest = "";

  it("uploads a multi-file artifact in several blocks and finalizes it", async () => {
    const result = await client.uploadArtifact("perf-baseline", sources(), path.join(work, "src"), {
      retentionDays: 5,
    });
    expect(result.id).toBeGreaterThan(0);
    expect(result.size).toBeGreaterThan(8 * 1024 * 1024);
    artifactId = result.id!;
    digest = result.digest!;
    const state = (await (await fetch(`${server.url}/_mock/state`)).json()) as {
      artifacts: { id: number; digest: string; sizeInBytes: number; expiresAt: string }[];
    };
    const stored = state.artifacts.find((a) => a.id === artifactId)!;
    expect(stored.digest).toBe(`sha256:${digest}`);
    expect(stored.sizeInBytes).toBe(result.size);
    const days = (Date.parse(stored.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(4.9);
    expect(days).toBeLessThanOrEqual(5);
  });

  it("downloads it back byte-identical within the same run (ListArtifacts + GetSignedArtifactURL)", async () => {
    const dest = path.join(work, "same-run");
    const result = await client.downloadArtifact(artifactId, { path: dest, expectedHash: `sha256:${digest}` });
    expect(result.digestMismatch).toBe(false);
    await expectSameFiles(dest);
  });

  it("downloads it back byte-identical from another run through the REST API's 302", async () => {
    const dest = path.join(work, "rest");
    const result = await client.downloadArtifact(artifactId, {
      path: dest,
      expectedHash: `sha256:${digest}`,
      findBy: { token: "ghp_test", workflowRunId: run.id, repositoryOwner: "octo", repositoryName: "app" },
    });
    expect(result.digestMismatch).toBe(false);
    await expectSameFiles(dest);
  });

  it("finds the artifact by name through both the twirp and the REST listing", async () => {
    const internal = await client.getArtifact("perf-baseline");
    expect(internal.artifact).toMatchObject({ id: artifactId, name: "perf-baseline", digest: `sha256:${digest}` });
    const viaRest = await client.getArtifact("perf-baseline", {
      findBy: { token: "ghp_test", workflowRunId: run.id, repositoryOwner: "octo", repositoryName: "app" },
    });
    expect(viaRest.artifact).toMatchObject({ id: artifactId, name: "perf-baseline", digest: `sha256:${digest}` });
    expect((await client.listArtifacts()).artifacts.map((a) => a.id)).toEqual([artifactId]);
  });

  it("refuses a second artifact of the same name in the run until the first is deleted (overwrite)", async () => {
    const small = [path.join(work, "src", "report/summary.json")];
    await expect(client.uploadArtifact("perf-baseline", small, path.join(work, "src"))).rejects.toThrow(
      /409.*already exists/,
    );
    const deleted = await client.deleteArtifact("perf-baseline");
    expect(deleted.id).toBe(artifactId);
    const again = await client.uploadArtifact("perf-baseline", small, path.join(work, "src"));
    expect(again.id).toBeGreaterThan(artifactId);
    expect((await client.listArtifacts()).artifacts.map((a) => a.id)).toEqual([again.id]);
  });

  it("rejects a runtime token not issued by the mock", async () => {
    const forged = await new SignJWT({
      scp: `Actions.Results:${backendIds(run.runtimeToken).workflow_run_backend_id}:x`,
    })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .sign(new TextEncoder().encode("not-the-mock-secret-not-the-mock-secret"));
    process.env.ACTIONS_RUNTIME_TOKEN = forged;
    try {
      await expect(client.listArtifacts()).rejects.toThrow(/401/);
    } finally {
      process.env.ACTIONS_RUNTIME_TOKEN = run.runtimeToken;
    }
    const missing = await twirp(server.url, undefined, "ListArtifacts", backendIds(run.runtimeToken));
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ code: "unauthenticated" });
  });
});
