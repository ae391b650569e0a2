import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { createMockClient, startMockServer } from "@perfgate/mock-github";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  downloadArtifact,
  findLatestArtifact,
  MissingRuntimeEnvironment,
  UploadFailed,
  uploadArtifact,
} from "../src/index.ts";

// The mock on a real 127.0.0.1 socket; uploads go through GitHub's own @actions/artifact.
const run = promisify(execFile);
const cli = path.join(import.meta.dirname, "..", "src", "cli.ts");
const tsx = path.join(import.meta.dirname, "..", "..", "..", "node_modules", ".bin", "tsx");
const token = "ghs_servedTOKENvalue";
let server: Awaited<ReturnType<typeof startMockServer>>;
let work: string;
const saved = { ...process.env };

beforeAll(async () => {
  server = await startMockServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  work = await mkdtemp(path.join(tmpdir(), "ac-served-"));
});
afterEach(async () => {
  for (const k of ["ACTIONS_RUNTIME_TOKEN", "ACTIONS_RESULTS_URL"]) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  await rm(work, { recursive: true, force: true });
});

async function startRun(repo: string, branch = "main"): Promise<{ id: number; runtimeToken: string }> {
  const body = await createMockClient(server.url).registerRun({
    repo,
    workflow: "ci.yml",
    branch,
    event: "push",
    sha: randomBytes(20).toString("hex"),
  });
  process.env.ACTIONS_RUNTIME_TOKEN = body.runtimeToken;
  process.env.ACTIONS_RESULTS_URL = `${server.url}/`;
  return body;
}
const complete = (id: number, conclusion: "success" | "failure" | "cancelled" = "success") =>
  createMockClient(server.url).completeRun(id, conclusion);

describe("against the served mock", () => {
  it("uploads a multi-file artifact (one over 8 MiB) with @actions/artifact, finds it and downloads it byte-identical", async () => {
    const repo = "octo/served";
    const src = path.join(work, "src");
    await mkdir(path.join(src, "nested"), { recursive: true });
    const files = {
      "baseline.json": Buffer.from('{"benchmarks":[]}'),
      "big.bin": randomBytes(9 * 1024 * 1024 + 123), // > 8 MiB: several staged blocks
      "nested/notes.txt": Buffer.from("hello\n"),
    };
    for (const [name, bytes] of Object.entries(files)) await writeFile(path.join(src, name), bytes);
    const r = await startRun(repo);
    const up = await uploadArtifact(
      "performance-baseline",
      Object.keys(files).map((f) => path.join(src, f)),
      { retentionDays: 7, compressionLevel: 0 },
    );
    expect(up.id).toBeGreaterThan(0);
    expect(up.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    await complete(r.id);

    const found = await findLatestArtifact({
      repo,
      workflow: "ci.yml",
      branch: "main",
      name: "performance-baseline",
      token,
      apiUrl: server.url,
    });
    expect(found.found && found.artifact.id).toBe(up.id);
    expect(found.found && found.artifact.digest).toBe(up.digest);
    expect(found.found && found.run.id).toBe(r.id);

    const dest = path.join(work, "dest");
    const down = await downloadArtifact({ repo, artifactId: up.id, token, apiUrl: server.url, dest });
    expect(down.files.sort()).toEqual(Object.keys(files).sort());
    expect(down.digestVerified).toBe(true);
    expect(down.digest).toBe(up.digest);
    for (const [name, bytes] of Object.entries(files))
      expect((await readFile(path.join(dest, name))).equals(bytes), name).toBe(true);
  });

  it("overwrite replaces the run's artifact of that name; without it the service refuses", async () => {
    const repo = "octo/overwrite";
    const file = path.join(work, "b.json");
    await writeFile(file, "1");
    await startRun(repo);
    const first = await uploadArtifact("performance-baseline", [file]);
    await writeFile(file, "2");
    const err = await uploadArtifact("performance-baseline", [file]).catch((e) => e);
    expect(err).toBeInstanceOf(UploadFailed);
    expect(err.message).toMatch(/^Uploading artifact 'performance-baseline' failed: /);
    const second = await uploadArtifact("performance-baseline", [file], { overwrite: true });
    expect(second.id).not.toBe(first.id);
    const state = await createMockClient(server.url).state();
    const ids = state.artifacts.filter((a) => a.name === "performance-baseline").map((a) => a.id);
    expect(ids).toContain(second.id);
    expect(ids).not.toContain(first.id);
  });

  it("explains what upload needs outside a workflow", async () => {
    delete process.env.ACTIONS_RUNTIME_TOKEN;
    delete process.env.ACTIONS_RESULTS_URL;
    const file = path.join(work, "b.json");
    await writeFile(file, "1");
    const err = await uploadArtifact("x", [file]).catch((e) => e);
    expect(err).toBeInstanceOf(MissingRuntimeEnvironment);
    expect(err.message).toContain("ACTIONS_RUNTIME_TOKEN, ACTIONS_RESULTS_URL");
    const missing = await uploadArtifact("x", [path.join(work, "nope.json")]).catch((e) => e);
    expect(missing.code).toBe("MISSING_RUNTIME_ENVIRONMENT"); // env is checked first, before touching files
  });

  it("CLI: upload, find and download with --json; not found exits 1; no token or URL signature is ever printed", async () => {
    const repo = "octo/cli";
    const src = path.join(work, "metrics");
    await mkdir(src);
    await writeFile(path.join(src, "current_performance_baseline.json"), '{"v":1}');
    const r = await startRun(repo);
    // Outside a GitHub runner: @actions/core's `::add-mask::<upload URL signature>` must not reach the terminal.
    const env = { ...process.env, GITHUB_TOKEN: token, GITHUB_API_URL: server.url, GITHUB_ACTIONS: "" };
    const up = await run(
      tsx,
      [cli, "upload", "--name", "performance-baseline", "--json", path.join(src, "current_performance_baseline.json")],
      { env },
    );
    const uploaded = JSON.parse(up.stdout) as { id: number; name: string };
    expect(uploaded.name).toBe("performance-baseline");
    await complete(r.id);

    const f = await run(
      tsx,
      [
        cli,
        "find",
        "--repo",
        repo,
        "--workflow",
        "ci.yml",
        "--branch",
        "main",
        "--name",
        "performance-baseline",
        "--json",
      ],
      { env },
    );
    const found = JSON.parse(f.stdout);
    expect(found).toMatchObject({
      found: true,
      run: { id: r.id, conclusion: "success" },
      artifact: { id: uploaded.id },
    });

    const dest = path.join(work, "out");
    const d = await run(
      tsx,
      [
        cli,
        "download",
        "--repo",
        repo,
        "--workflow",
        "ci.yml",
        "--branch",
        "main",
        "--name",
        "performance-baseline",
        "--dest",
        dest,
        "--json",
      ],
      { env },
    );
    expect(JSON.parse(d.stdout)).toMatchObject({
      files: ["current_performance_baseline.json"],
      digestVerified: true,
      artifact: { id: uploaded.id },
    });
    expect(await readFile(path.join(dest, "current_performance_baseline.json"), "utf8")).toBe('{"v":1}');

    const miss = await run(
      tsx,
      [
        cli,
        "find",
        "--repo",
        repo,
        "--workflow",
        "ci.yml",
        "--branch",
        "nope",
        "--name",
        "performance-baseline",
        "--json",
      ],
      { env },
    ).catch((e) => e);
    expect(miss.code).toBe(1); // nothing found: the outcome, not an error
    expect(JSON.parse(miss.stdout)).toMatchObject({ found: false, reason: "no-runs" });

    const bad = await run(
      tsx,
      [
        cli,
        "download",
        "--repo",
        repo,
        "--artifact-id",
        "424242",
        "--dest",
        dest,
        "--token",
        token,
        "--api-url",
        server.url,
      ],
      { env: { ...env, GITHUB_TOKEN: "" } },
    ).catch((e) => e);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      "perfgate artifact: error: The artifact 424242 of octo/cli does not exist (GitHub answered 404).",
    );
    for (const out of [up, f, d, miss, bad]) {
      expect(`${out.stdout}${out.stderr}`).not.toContain(token);
      expect(`${out.stdout}${out.stderr}`).not.toContain(r.runtimeToken);
      expect(`${out.stdout}${out.stderr}`).not.toContain("::add-mask::");
    }
  });
});
