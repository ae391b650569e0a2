import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockServer, startMockServer } from "../src/index.ts";
import { registerRun } from "./helpers.ts";

/**
 * One round trip of a release of GitHub's own `@actions/artifact` client against the served mock,
 * run by each client's test file: an upload that stages several blocks, what its CreateArtifact
 * carried, lists and downloads within the run and from another run (with that run's own runtime
 * token), and the 409 on a second upload of a name.
 */
type FindBy = { token: string; workflowRunId: number; repositoryOwner: string; repositoryName: string };
type Listed = { id: number; name: string; size: number; digest?: string };

/** What these tests use of a DefaultArtifactClient (2.3.2, 5.x and 6.x agree on it). */
export interface ArtifactClientLike {
  uploadArtifact(
    name: string,
    files: string[],
    rootDirectory: string,
    options?: { retentionDays?: number; compressionLevel?: number },
  ): Promise<{ id?: number; size?: number; digest?: string }>;
  downloadArtifact(
    id: number,
    options?: { path?: string; expectedHash?: string; findBy?: FindBy },
  ): Promise<{ downloadPath?: string; digestMismatch?: boolean }>;
  listArtifacts(options?: { findBy?: FindBy }): Promise<{ artifacts: Listed[] }>;
  getArtifact(name: string, options?: { findBy?: FindBy }): Promise<{ artifact: Listed }>;
  deleteArtifact(name: string): Promise<{ id: number }>;
}

interface ClientCase {
  /** "@actions/artifact 5.0.1": the describe block's title. */
  label: string;
  repo: `${string}/${string}`;
  /** Imports the client once the environment points at the mock (@actions/github reads it on load). */
  load(): Promise<ArtifactClientLike>;
  /** Size of the incompressible file: past 8 MiB (the clients' block size) means several blocks. */
  bigBytes: number;
  /** What the client's CreateArtifact carries (`mimeType: null`: it sends none). */
  createArtifact: { version: number; mimeType: string | null };
  /** The type the stored zip is served as (the blob's x-ms-blob-content-type). */
  servedType: string;
}

export interface ClientSuite {
  readonly server: MockServer;
  readonly client: ArtifactClientLike;
  readonly work: string;
  readonly run: { id: number; runtimeToken: string };
  /** A second run of the repository: the "another run" the findBy rows read from. */
  readonly other: { id: number; runtimeToken: string };
  readonly files: Record<string, Buffer>;
  findBy(): FindBy;
  /** Runs `fn` with the other run's runtime token, as a step of that run would. */
  asOtherRun<T>(fn: () => Promise<T>): Promise<T>;
}

const BLOCK = 8 * 1024 * 1024;

/** Imports a client package once the environment points at the mock (@actions/github reads it on load). */
const loader = (module: string) => async (): Promise<ArtifactClientLike> => {
  const { DefaultArtifactClient } = (await import(module)) as { DefaultArtifactClient: new () => ArtifactClientLike };
  return new DefaultArtifactClient();
};
/** 2.3.2 and 5.x: CreateArtifact version 4 without mime_type, the zip's blob typed `zip`. */
const SENDS_V4 = { createArtifact: { version: 4, mimeType: null }, servedType: "zip" } as const;

/**
 * The releases we ship, each run by its own test file: 2.3.2 (upload-artifact v4.6.2,
 * download-artifact v4.3.0), 5.0.1 (upload-artifact v6.0.0) and 6.x (upload-artifact v7,
 * download-artifact v8; version 7 with the zip's type). `blocks`: how many 8 MiB blocks the
 * incompressible file needs.
 */
const RELEASES = {
  "2.3.2": { repo: "octo/app", module: "@actions/artifact", blocks: 2, ...SENDS_V4 },
  "5.0.1": { repo: "octo/five", module: "@actions/artifact-v5", blocks: 2, ...SENDS_V4 },
  "6.x": {
    repo: "octo/six",
    module: "@actions/artifact-v6",
    blocks: 3,
    createArtifact: { version: 7, mimeType: "application/zip" },
    servedType: "application/zip",
  },
} as const;

export type Release = keyof typeof RELEASES;

function clientCase(release: Release): ClientCase {
  const { module, blocks, ...rest } = RELEASES[release];
  return {
    ...rest,
    label: `@actions/artifact ${release}`,
    load: loader(module),
    bigBytes: (blocks - 1) * BLOCK + 4321,
  };
}

export function describeArtifactClient(release: Release): ClientSuite {
  const c = clientCase(release);
  let server: MockServer;
  let client: ArtifactClientLike;
  let work: string;
  let run: { id: number; runtimeToken: string };
  let other: { id: number; runtimeToken: string };
  const files: Record<string, Buffer> = {
    "big.bin": randomBytes(c.bigBytes),
    "report/summary.json": Buffer.from(JSON.stringify({ ok: true })),
    "report/empty.txt": Buffer.alloc(0),
  };
  const [owner, repoName] = c.repo.split("/") as [string, string];
  const findBy = (): FindBy => ({
    token: "ghp_test",
    workflowRunId: run.id,
    repositoryOwner: owner,
    repositoryName: repoName,
  });
  const asOtherRun = async <T>(fn: () => Promise<T>): Promise<T> => {
    process.env.ACTIONS_RUNTIME_TOKEN = other.runtimeToken;
    try {
      return await fn();
    } finally {
      process.env.ACTIONS_RUNTIME_TOKEN = run.runtimeToken;
    }
  };
  const sources = () => Object.keys(files).map((f) => path.join(work, "src", f));
  const expectSameFiles = async (dir: string) => {
    for (const [name, bytes] of Object.entries(files)) {
      expect((await readFile(path.join(dir, name))).equals(bytes), name).toBe(true);
    }
  };

  beforeAll(async () => {
    server = await startMockServer();
    work = await mkdtemp(path.join(os.tmpdir(), "mock-github-client-"));
    for (const [name, bytes] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(work, "src", name)), { recursive: true });
      await writeFile(path.join(work, "src", name), bytes);
    }
    run = await registerRun(server.url, { repo: c.repo });
    other = await registerRun(server.url, { repo: c.repo, sha: "b".repeat(40) });
    process.env.ACTIONS_RUNTIME_TOKEN = run.runtimeToken;
    process.env.ACTIONS_RESULTS_URL = `${server.url}/`;
    process.env.GITHUB_API_URL = server.url;
    process.env.GITHUB_WORKSPACE = work;
    delete process.env.GITHUB_SERVER_URL; // github.com: the clients refuse GHES hosts
    client = await c.load();
  });

  afterAll(async () => {
    await server?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  describe(`${c.label} against the served mock`, () => {
    let artifactId = 0;
    let digest = "";

    it("uploads a multi-file artifact in several staged blocks and finalizes it", async () => {
      const result = await client.uploadArtifact("perf-baseline", sources(), path.join(work, "src"), {
        retentionDays: 5,
        compressionLevel: 0,
      });
      expect(result.id).toBeGreaterThan(0);
      expect(result.size).toBeGreaterThan(c.bigBytes);
      artifactId = result.id!;
      digest = result.digest!;
      const stored = server.store.getArtifact(artifactId)!;
      expect(stored).toMatchObject({ digest: `sha256:${digest}`, sizeInBytes: result.size });
      const days = (Date.parse(stored.expiresAt) - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(4.9);
      expect(days).toBeLessThanOrEqual(5);
      // What the client sent: its CreateArtifact, and one staged block per 8 MiB, all committed in order.
      const upload = await server.store.describeUpload(artifactId);
      expect(upload).toMatchObject({ createArtifact: c.createArtifact, mimeType: c.servedType, size: result.size });
      expect(upload.blocks).toHaveLength(Math.ceil(result.size! / BLOCK));
      expect(upload.blocks!.length).toBeGreaterThan(1);
      expect(new Set(upload.blocks).size).toBe(upload.blocks!.length);
    });

    it("lists it in the run (twirp), and by name through the REST API from another run (findBy)", async () => {
      const mine = { id: artifactId, name: "perf-baseline", digest: `sha256:${digest}` };
      expect((await client.listArtifacts()).artifacts).toMatchObject([mine]);
      expect((await client.getArtifact("perf-baseline")).artifact).toMatchObject(mine);
      await asOtherRun(async () => {
        expect((await client.listArtifacts()).artifacts).toEqual([]); // not that run's artifact
        expect((await client.listArtifacts({ findBy: findBy() })).artifacts).toMatchObject([mine]);
        expect((await client.getArtifact("perf-baseline", { findBy: findBy() })).artifact).toMatchObject(mine);
      });
    });

    it("downloads it by id within the run, byte-identical (ListArtifacts + GetSignedArtifactURL)", async () => {
      const dest = path.join(work, "same-run");
      const result = await client.downloadArtifact(artifactId, { path: dest, expectedHash: `sha256:${digest}` });
      expect(result.digestMismatch).toBe(false);
      await expectSameFiles(dest);
    });

    it("downloads it by id from another run with findBy (REST 302 to blob storage), byte-identical", async () => {
      await asOtherRun(async () => {
        const dest = path.join(work, "other-run");
        const result = await client.downloadArtifact(artifactId, {
          path: dest,
          expectedHash: `sha256:${digest}`,
          findBy: findBy(),
        });
        expect(result.digestMismatch).toBe(false);
        await expectSameFiles(dest);
        // Without findBy the other run asks its own artifact service, where the artifact is not.
        await expect(client.downloadArtifact(artifactId, { path: path.join(work, "nope") })).rejects.toThrow(
          /No artifacts found for ID/,
        );
      });
    });

    it("refuses a second upload of the name with the service's 409 until the first is deleted (overwrite)", async () => {
      const small = [path.join(work, "src", "report/summary.json")];
      await expect(client.uploadArtifact("perf-baseline", small, path.join(work, "src"))).rejects.toThrow(
        /\(409\) Conflict: an artifact with this name already exists on the workflow run/,
      );
      expect((await client.deleteArtifact("perf-baseline")).id).toBe(artifactId);
      const again = await client.uploadArtifact("perf-baseline", small, path.join(work, "src"));
      expect(again.id).toBeGreaterThan(artifactId);
      expect((await client.listArtifacts()).artifacts.map((a) => a.id)).toEqual([again.id]);
    });
  });

  return {
    get server() {
      return server;
    },
    get client() {
      return client;
    },
    get work() {
      return work;
    },
    get run() {
      return run;
    },
    get other() {
      return other;
    },
    files,
    findBy,
    asOtherRun,
  };
}
