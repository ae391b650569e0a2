import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createHandlers, createStore, type MockStore } from "@perfgate/mock-github";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  ArtifactExpired,
  ArtifactNotFound,
  AuthenticationFailed,
  DigestMismatch,
  downloadArtifact,
  findLatestArtifact,
  GitHubApiError,
  UnsafeArchive,
  WorkflowNotFound,
} from "../src/index.ts";
import { baselineZip, seedRun } from "./seed.ts";
import { makeZip, renameEntry } from "./zips.ts";

// The mock's own handlers in-process (msw setupServer): no socket, an origin no one owns.
const apiUrl = "https://api.github.example";
const token = "ghs_SECRETtokenValue123";
const fast = { retries: 3, baseDelayMs: 5 };
const server = setupServer();
let store: MockStore;
let requests: Request[] = [];
let work: string;
let repoSeq = 0;
let repo: string;

beforeAll(() => {
  store = createStore();
  server.use(...createHandlers(store));
  server.listen({ onUnhandledRequest: "error" });
  server.events.on("request:start", ({ request }) => {
    requests.push(request.clone());
  });
});
afterAll(() => {
  server.close();
  store.close();
});
beforeEach(async () => {
  repo = `octo/app${++repoSeq}`; // each test its own repository in the shared store
  requests = [];
  work = await mkdtemp(path.join(tmpdir(), "ac-msw-"));
});
afterEach(async () => {
  server.resetHandlers(...createHandlers(store));
  await rm(work, { recursive: true, force: true });
});

const find = (extra: Record<string, unknown> = {}) =>
  findLatestArtifact({
    repo,
    workflow: "ci.yml",
    branch: "main",
    name: "performance-baseline",
    token,
    apiUrl,
    retry: fast,
    ...extra,
  });
const runListRequests = () =>
  requests.filter((r) => new URL(r.url).pathname.endsWith("/actions/workflows/ci.yml/runs"));

describe("findLatestArtifact", () => {
  it("reports no runs", async () => {
    await seedRun(store, { repo, branch: "feature" }); // the workflow exists, but not on main
    const res = await find();
    expect(res).toEqual({
      found: false,
      reason: "no-runs",
      message: `No run of workflow 'ci.yml' in ${repo} on branch main with conclusion/status success was found.`,
    });
  });

  it("reports runs without the artifact", async () => {
    await seedRun(store, { repo, artifacts: { other: await baselineZip("x") } });
    await seedRun(store, { repo });
    const res = await find();
    expect(res).toMatchObject({ found: false, reason: "no-artifact" });
    expect(res.found === false && res.message).toBe(
      `None of the 2 runs (run of workflow 'ci.yml' in ${repo} on branch main with conclusion/status success) has an artifact named 'performance-baseline'.`,
    );
  });

  it("searchArtifacts: false looks at the newest matching run only, as dawidd6 v3 by default", async () => {
    const older = await seedRun(store, { repo, artifacts: { "performance-baseline": await baselineZip("older") } });
    await seedRun(store, { repo, artifacts: { other: await baselineZip("x") } });
    const newestOnly = await find({ searchArtifacts: false });
    expect(newestOnly).toMatchObject({ found: false, reason: "no-artifact" });
    expect(newestOnly.found === false && newestOnly.message).toMatch(/^None of the 1 run /);
    const searched = await find();
    expect(searched.found && searched.artifact.id).toBe(older.artifactIds["performance-baseline"]);
    // a newer run with it wins again; a failed newer run is not "the newest matching run"
    const newest = await seedRun(store, { repo, artifacts: { "performance-baseline": await baselineZip("new") } });
    await seedRun(store, { repo, conclusion: "failure" });
    const again = await find({ searchArtifacts: false });
    expect(again.found && again.artifact.id).toBe(newest.artifactIds["performance-baseline"]);
  });

  it("skips failed, cancelled and unfinished runs", async () => {
    const good = await seedRun(store, { repo, artifacts: { "performance-baseline": await baselineZip("good") } });
    await seedRun(store, {
      repo,
      conclusion: "failure",
      artifacts: { "performance-baseline": await baselineZip("failed") },
    });
    await seedRun(store, {
      repo,
      conclusion: "cancelled",
      artifacts: { "performance-baseline": await baselineZip("cancelled") },
    });
    await seedRun(store, {
      repo,
      conclusion: null,
      artifacts: { "performance-baseline": await baselineZip("running") },
    });
    const res = await find();
    expect(res.found && res.run.id).toBe(good.runId);
    expect(res.found && res.artifact.id).toBe(good.artifactIds["performance-baseline"]);
    // conclusion "" means any: the newest run wins, even unfinished (dawidd6's empty workflow_conclusion)
    const any = await find({ conclusion: "" });
    expect(any.found && any.run.conclusion).toBeNull();
  });

  it("picks the newest of several successful runs, on the asked branch and event", async () => {
    await seedRun(store, { repo, artifacts: { "performance-baseline": await baselineZip("old") } });
    const newest = await seedRun(store, { repo, artifacts: { "performance-baseline": await baselineZip("new") } });
    await seedRun(store, {
      repo,
      branch: "pr-1",
      event: "pull_request",
      artifacts: { "performance-baseline": await baselineZip("pr") },
    });
    await seedRun(store, {
      repo,
      event: "workflow_dispatch",
      artifacts: { "performance-baseline": await baselineZip("manual") },
    });
    const res = await find({ event: "push" });
    expect(res.found && res.run.id).toBe(newest.runId);
    expect(res.found && res.run.head_branch).toBe("main");
    const dest = path.join(work, "out");
    await downloadArtifact({ repo, artifactId: res.found ? res.artifact.id : 0, token, apiUrl, dest, retry: fast });
    expect(await readFile(path.join(dest, "metrics/baselines/current_performance_baseline.json"), "utf8")).toBe(
      '{"marker":"new"}',
    );
  });

  it("treats expired artifacts as absent and says so", async () => {
    const older = await seedRun(store, { repo, artifacts: { "performance-baseline": await baselineZip("older") } });
    const newer = await seedRun(store, { repo, artifacts: { "performance-baseline": await baselineZip("newer") } });
    store.expireArtifact(newer.artifactIds["performance-baseline"]!);
    const res = await find();
    expect(res.found && res.artifact.id).toBe(older.artifactIds["performance-baseline"]); // falls back past the expired one
    store.expireArtifact(older.artifactIds["performance-baseline"]!);
    expect(await find()).toMatchObject({
      found: false,
      reason: "expired",
      message: expect.stringContaining("2 of 2 runs"),
    });
  });

  it("walks 3 pages of runs, newest first", async () => {
    const target = await seedRun(store, { repo, artifacts: { "performance-baseline": await baselineZip("oldest") } });
    for (let i = 0; i < 4; i++) await seedRun(store, { repo, conclusion: i % 2 ? "failure" : "success" });
    const res = await find({ perPage: 2 });
    expect(res.found && res.run.id).toBe(target.runId);
    const pages = runListRequests().map((r) => new URL(r.url).searchParams.get("page") ?? "1");
    expect(pages).toEqual(["1", "2", "3"]);
  });

  it("retries a 500 and succeeds", async () => {
    const seeded = await seedRun(store, { repo, artifacts: { "performance-baseline": await baselineZip("x") } });
    store.addFaults(1, "500");
    const res = await find();
    expect(res.found && res.run.id).toBe(seeded.runId);
    expect(runListRequests()).toHaveLength(2);
  });

  it("retries a dropped connection", async () => {
    await seedRun(store, { repo, artifacts: { "performance-baseline": await baselineZip("x") } });
    store.addFaults(1, "reset");
    expect((await find()).found).toBe(true);
  });

  it("gives up after the configured retries with a typed error", async () => {
    await seedRun(store, { repo });
    store.addFaults(3, "500");
    const err = await find({ retry: { retries: 2, baseDelayMs: 5 } }).catch((e) => e);
    expect(err).toBeInstanceOf(GitHubApiError);
    expect(err.status).toBe(500);
    expect(err.message).toBe(`Listing runs of workflow 'ci.yml' in ${repo}: GitHub answered 500 (Server Error).`);
    expect(runListRequests()).toHaveLength(3);
  });

  it("waits out a 429 as its rate-limit headers say, then succeeds", async () => {
    await seedRun(store, { repo, artifacts: { "performance-baseline": await baselineZip("x") } });
    store.addFaults(1, "429");
    const started = Date.now();
    const res = await find({ retry: { retries: 3, baseDelayMs: 1000 } }); // real seconds: retry-after is 1
    expect(res.found).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(runListRequests()).toHaveLength(2);
  });

  it("turns a 401 into AuthenticationFailed without the token anywhere", async () => {
    await seedRun(store, { repo });
    server.use(
      http.get("*/repos/:owner/:repo/actions/workflows/:wf/runs", () =>
        HttpResponse.json(
          { message: "Bad credentials", documentation_url: "https://docs.github.com/rest", status: "401" },
          { status: 401 },
        ),
      ),
    );
    const err = await find().catch((e) => e);
    expect(err).toBeInstanceOf(AuthenticationFailed);
    expect(err.message).toBe(`Listing runs of workflow 'ci.yml' in ${repo}: GitHub answered 401 (Bad credentials).`);
    expect(err.remedy).toMatch(/actions: read/);
    for (const text of [err.message, err.remedy, String(err.stack), JSON.stringify(err)])
      expect(text).not.toContain(token);
    // ...and it was sent: the request carried it
    expect(runListRequests()[0]!.headers.get("authorization")).toBe(`token ${token}`);
  });

  it("names an unknown workflow", async () => {
    await seedRun(store, { repo });
    await expect(find({ workflow: "nope.yml" })).rejects.toBeInstanceOf(WorkflowNotFound);
  });

  it("rejects bad options before any request", async () => {
    await expect(find({ repo: "not-a-repo" })).rejects.toThrow(
      "Invalid findLatestArtifact options: repo: repo must be owner/name, e.g. octo/app",
    );
    await expect(find({ token: "" })).rejects.toThrow(/token is empty/);
    expect(requests).toHaveLength(0);
  });
});

describe("downloadArtifact", () => {
  it("streams through the 302 without sending the token to storage, verifies the digest, merges into dest", async () => {
    const zip = await makeZip([
      { name: "a.txt", content: "A" },
      { name: "nested/b.txt", content: "B" },
    ]);
    const { artifactIds } = await seedRun(store, { repo, artifacts: { "performance-baseline": zip } });
    const dest = path.join(work, "dest");
    await mkdir(path.join(dest, "nested"), { recursive: true });
    await writeFile(path.join(dest, "keep.txt"), "mine");
    await writeFile(path.join(dest, "a.txt"), "stale");
    const res = await downloadArtifact({
      repo,
      artifactId: artifactIds["performance-baseline"]!,
      token,
      apiUrl,
      dest,
      retry: fast,
    });
    expect(res.files).toEqual(["a.txt", "nested/b.txt"]);
    expect(res.bytes).toBe(2);
    expect(res.digestVerified).toBe(true);
    expect(res.digest).toBe(store.getArtifact(artifactIds["performance-baseline"]!)!.digest);
    expect((await readdir(dest)).sort()).toEqual(["a.txt", "keep.txt", "nested"]); // no staging dir left behind
    expect(await readFile(path.join(dest, "a.txt"), "utf8")).toBe("A");
    expect(await readFile(path.join(dest, "keep.txt"), "utf8")).toBe("mine");
    expect((await readdir(work)).sort()).toEqual(["dest"]);

    const blob = requests.filter((r) => new URL(r.url).pathname.startsWith("/mockstorage/"));
    expect(blob).toHaveLength(1);
    expect(blob[0]!.headers.get("authorization")).toBeNull();
    const zipReq = requests.find((r) => new URL(r.url).pathname.endsWith("/zip"));
    expect(zipReq!.headers.get("authorization")).toBe(`token ${token}`);
  });

  it("retries the storage download after a 500", async () => {
    const { artifactIds } = await seedRun(store, {
      repo,
      artifacts: { "performance-baseline": await baselineZip("x") },
    });
    const id = artifactIds["performance-baseline"]!;
    // Fault the storage GET only: let the two REST calls pass first.
    server.use(
      http.get("*/mockstorage/*", () => HttpResponse.json({ message: "Server Error" }, { status: 500 }), {
        once: true,
      }),
    );
    const res = await downloadArtifact({
      repo,
      artifactId: id,
      token,
      apiUrl,
      dest: path.join(work, "d"),
      retry: fast,
    });
    expect(res.files).toEqual(["metrics/baselines/current_performance_baseline.json"]);
  });

  it("refuses an expired artifact (410 from the zip endpoint)", async () => {
    const { artifactIds } = await seedRun(store, {
      repo,
      artifacts: { "performance-baseline": await baselineZip("x") },
    });
    const id = artifactIds["performance-baseline"]!;
    // Found while live, expired by the time the zip is asked for: the metadata still says live.
    const meta = (await (
      await fetch(`${apiUrl}/repos/${repo}/actions/artifacts/${id}`, { headers: { authorization: "token t" } })
    ).json()) as Record<string, unknown>;
    store.expireArtifact(id);
    server.use(http.get(`*/repos/:owner/:repo/actions/artifacts/${id}`, () => HttpResponse.json(meta), { once: true }));
    const dest = path.join(work, "d");
    const err = await downloadArtifact({ repo, artifactId: id, token, apiUrl, dest, retry: fast }).catch((e) => e);
    expect(err).toBeInstanceOf(ArtifactExpired);
    expect(err.message).toBe(`The artifact ${id} of ${repo} has expired (GitHub answered 410).`);
    expect(requests.some((r) => new URL(r.url).pathname.endsWith(`/artifacts/${id}/zip`))).toBe(true);
    // and when the metadata already says so, without asking for the zip
    const again = await downloadArtifact({ repo, artifactId: id, token, apiUrl, dest, retry: fast }).catch((e) => e);
    expect(again).toBeInstanceOf(ArtifactExpired);
    expect((await readdir(work)).length).toBe(0);
  });

  it("names a missing artifact", async () => {
    await seedRun(store, { repo });
    const err = await downloadArtifact({
      repo,
      artifactId: 999999999,
      token,
      apiUrl,
      dest: path.join(work, "d"),
      retry: fast,
    }).catch((e) => e);
    expect(err).toBeInstanceOf(ArtifactNotFound);
    expect(err.remedy).toMatch(/artifact id/);
  });

  it("rejects a digest mismatch and leaves dest untouched", async () => {
    const { artifactIds } = await seedRun(store, {
      repo,
      artifacts: { "performance-baseline": await baselineZip("x") },
    });
    const dest = path.join(work, "d");
    await mkdir(dest);
    await writeFile(path.join(dest, "old.json"), "old");
    const wrong = `sha256:${"0".repeat(64)}`;
    const err = await downloadArtifact({
      repo,
      artifactId: artifactIds["performance-baseline"]!,
      token,
      apiUrl,
      dest,
      expectedDigest: wrong,
      retry: fast,
    }).catch((e) => e);
    expect(err).toBeInstanceOf(DigestMismatch);
    expect(err.message).toMatch(
      new RegExp(`^The downloaded artifact's digest is sha256:[0-9a-f]{64}, but ${wrong} was expected\\.$`),
    );
    expect(await readdir(dest)).toEqual(["old.json"]);
    expect(await readdir(work)).toEqual(["d"]);
  });

  it("rejects an artifact with ../ entries: nothing lands in dest or beside it", async () => {
    const zip = renameEntry(
      await makeZip([
        { name: "fine.json", content: "{}" },
        { name: "XX/escape.txt", content: "pwn" },
      ]),
      "XX/escape.txt",
      "../escape.txt",
    );
    const { artifactIds } = await seedRun(store, { repo, artifacts: { "performance-baseline": zip } });
    const dest = path.join(work, "d");
    const err = await downloadArtifact({
      repo,
      artifactId: artifactIds["performance-baseline"]!,
      token,
      apiUrl,
      dest,
      retry: fast,
    }).catch((e) => e);
    expect(err).toBeInstanceOf(UnsafeArchive);
    expect(err.message).toContain("'../escape.txt' climbs out of the destination");
    expect(await readdir(work)).toEqual([]); // no dest, no escape.txt, no staging dir
  });

  it("rejects an artifact with an absolute path", async () => {
    const victim = path.join(work, "victim.txt");
    const placeholder = "Q".repeat(victim.length);
    const zip = renameEntry(await makeZip([{ name: placeholder, content: "pwn" }]), placeholder, victim);
    const { artifactIds } = await seedRun(store, { repo, artifacts: { "performance-baseline": zip } });
    const err = await downloadArtifact({
      repo,
      artifactId: artifactIds["performance-baseline"]!,
      token,
      apiUrl,
      dest: path.join(work, "d"),
      retry: fast,
    }).catch((e) => e);
    expect(err).toBeInstanceOf(UnsafeArchive);
    expect(await readdir(work)).toEqual([]);
  });

  it("caps a zip bomb with a clear error", async () => {
    const bomb = await makeZip([{ name: "zeros.bin", content: Buffer.alloc(64 * 1024 * 1024) }]);
    const { artifactIds } = await seedRun(store, { repo, artifacts: { "performance-baseline": bomb } });
    const err = await downloadArtifact({
      repo,
      artifactId: artifactIds["performance-baseline"]!,
      token,
      apiUrl,
      dest: path.join(work, "d"),
      limits: { maxTotalBytes: 16 * 1024 * 1024 },
      retry: fast,
    }).catch((e) => e);
    expect(err.code).toBe("ARCHIVE_TOO_LARGE");
    expect(err.message).toMatch(/would expand to more than 16 MiB/);
    expect(await readdir(work)).toEqual([]);
  });
});
