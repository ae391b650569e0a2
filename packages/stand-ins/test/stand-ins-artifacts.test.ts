import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type MockServer, startMockServer } from "@perfgate/mock-github";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  completeRun,
  expireArtifact,
  freshRepo,
  listFiles,
  registerRun,
  runEnv,
  runStandIn,
  seedRun,
  tempDir,
  zipOf,
} from "./stand-in-harness.ts";

// Contract of actions/upload-artifact (v4.6.2, v6.0.0, v7.0.0) and actions/download-artifact
// (v4.3.0, v8.0.1), each row a behaviour of the real release read from its source: inputs and
// store state in; outputs, warnings, exit code and files out. Each bundle runs as a real process
// (the real @actions/artifact client inside) against the served mock GitHub.
let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer();
});
afterAll(async () => {
  await mock?.close();
});

async function pushRun(repo: string) {
  return registerRun(mock.url, { repo, workflow: "ci.yml", branch: "main", event: "push", sha: "a".repeat(40) });
}

async function workspace(files: Record<string, string>): Promise<string> {
  const ws = await tempDir("ws-art-");
  for (const [p, content] of Object.entries(files)) {
    await mkdir(join(ws, p, ".."), { recursive: true });
    await writeFile(join(ws, p), content);
  }
  return ws;
}

const EXPIRED_DOCS = "https://docs.github.com/rest/actions/artifacts#download-an-artifact";
/** @actions/artifact's findBy text for a name the run lacks, as `::error::` carries it (newlines as %0A). */
const notFoundText = (name: string) =>
  [
    `Artifact not found for name: ${name}`,
    "        Please ensure that your artifact is not expired and the artifact was uploaded using a compatible version of toolkit/upload-artifact.",
    "        For more information, visit the GitHub Artifacts FAQ: https://github.com/actions/toolkit/blob/main/packages/artifact/docs/faq.md",
  ].join("%0A");

const artifactsOf = (runId: number) =>
  mock.store
    .snapshot()
    .artifacts.filter((a) => a.runId === runId)
    .map((a) => a.name)
    .sort();

/** The artifact's bytes as GitHub serves them (REST `/zip`, its 302 to blob storage followed). */
async function servedBytes(repo: string, id: number): Promise<Buffer> {
  const res = await fetch(`${mock.url}/repos/${repo}/actions/artifacts/${id}/zip`, {
    headers: { authorization: "token ghs_test" },
  });
  if (!res.ok) throw new Error(`GET artifact ${id} -> ${res.status} ${await res.text()}`);
  return Buffer.from(await res.arrayBuffer());
}

/**
 * Downloads the run's artifact `name` (every artifact without one) with the download-artifact@v4
 * stand-in, as a later step would; returns where, and the files it left there.
 */
async function downloadBack(repo: string, run: { id: number; runtimeToken: string }, name?: string) {
  const dir = await tempDir("ws-art-back-");
  const dl = await runStandIn(
    "actions/download-artifact@v4",
    { ...(name ? { name } : {}), path: dir },
    runEnv(mock.url, repo, run),
    dir,
  );
  expect(dl.exitCode, dl.stdout).toBe(0);
  return { dir, files: await listFiles(dir) };
}

/**
 * What each release's own @actions/artifact client sends and prints (read from each release's
 * lockfile and the client's code): v4.6.2 ships 2.3.2, v6.0.0 ships 5.0.1, v7.0.0 ships 6.2.x.
 */
const UPLOAD_CLIENT = {
  v4: { createArtifact: { version: 4, mimeType: null }, zipNamed: true },
  v6: { createArtifact: { version: 4, mimeType: null }, zipNamed: true },
  v7: { createArtifact: { version: 7, mimeType: "application/zip" }, zipNamed: false },
} as const;

/** The client's own lines for a zipped upload of `name` (2.3.2 and 5.0.1 say `NAME.zip`; 6.x does not). */
function clientUploadLines(major: keyof typeof UPLOAD_CLIENT, name: string, id: number, digest: string) {
  return UPLOAD_CLIENT[major].zipNamed
    ? [
        `Artifact ${name}.zip successfully finalized. Artifact ID ${id}`,
        `SHA256 digest of uploaded artifact zip is ${digest}`,
      ]
    : [
        `Uploading artifact: ${name}.zip`,
        `Artifact ${name} successfully finalized. Artifact ID ${id}`,
        `SHA256 digest of uploaded artifact is ${digest}`,
      ];
}

for (const major of ["v4", "v6", "v7"] as const) {
  const uses = `actions/upload-artifact@${major}`;

  describe(`${uses} stand-in`, () => {
    it("uploads matched files relative to the search root (hidden ones left out), sets artifact-id/url/digest", async () => {
      const repo = freshRepo(`up-${major}`);
      const run = await pushRun(repo);
      const ws = await workspace({
        [`metrics/baselines/current_performance_baseline.json`]: '{"benchmarks":{}}',
        "metrics/baselines/.hidden": "secret",
      });
      const r = await runStandIn(
        uses,
        { name: "performance-baseline", path: "metrics/baselines/", "retention-days": "90" },
        runEnv(mock.url, repo, run),
        ws,
      );
      expect(r.exitCode, r.stdout).toBe(0);
      expect(r.commands).toEqual([]);
      expect(r.stdout).toContain("With the provided path, there will be 1 file uploaded");
      const id = Number(r.outputs["artifact-id"]);
      expect(r.stdout).toMatch(
        new RegExp(
          `Artifact performance-baseline has been successfully uploaded! Final size is \\d+ bytes\\. Artifact ID is ${id}`,
        ),
      );
      expect(r.outputs["artifact-url"]).toBe(`https://github.com/${repo}/actions/runs/${run.id}/artifacts/${id}`);
      expect(r.outputs["artifact-digest"]).toMatch(/^[0-9a-f]{64}$/);
      expect(artifactsOf(run.id)).toEqual(["performance-baseline"]);
      // The release's own client did the upload: its CreateArtifact and its log lines.
      const lines = r.stdout.split("\n");
      expect(lines).toEqual(
        expect.arrayContaining(clientUploadLines(major, "performance-baseline", id, r.outputs["artifact-digest"]!)),
      );
      expect(lines.some((l) => l.startsWith("Uploading artifact: "))).toBe(!UPLOAD_CLIENT[major].zipNamed);
      expect((await mock.store.describeUpload(id)).createArtifact).toEqual(UPLOAD_CLIENT[major].createArtifact);
      // What is inside: the file, under its path relative to the search root, no hidden file.
      expect((await downloadBack(repo, run, "performance-baseline")).files).toEqual([
        "current_performance_baseline.json",
      ]);
    });

    it("several search paths: the least common ancestor is the root, every file uploaded", async () => {
      const repo = freshRepo(`up-multi-${major}`);
      const run = await pushRun(repo);
      const ws = await workspace({ "out/a/1.txt": "1", "out/b/2.txt": "2", "out/c/3.txt": "3" });
      const r = await runStandIn(uses, { name: "multi", path: "out/a/\nout/b/2.txt" }, runEnv(mock.url, repo, run), ws);
      expect(r.exitCode, r.stdout).toBe(0);
      expect(r.stdout).toContain("With the provided path, there will be 2 files uploaded");
      expect(r.stdout).toMatch(
        /The least common ancestor is \S+\/out\. This will be the root directory of the artifact/,
      );
      expect((await downloadBack(repo, run, "multi")).files).toEqual(["a/1.txt", "b/2.txt"]);
    });

    it("several artifacts in one run, each its own step; a large one goes up in several blocks", async () => {
      const repo = freshRepo(`up-several-${major}`);
      const run = await pushRun(repo);
      const big = randomBytes(9 * 1024 * 1024 + 4321); // incompressible, past one 8 MiB block
      const ws = await workspace({ "a/report.txt": "report a", "b/report.txt": "report b" });
      await writeFile(join(ws, "big.bin"), big);
      const steps: (Record<string, string> & { name: string })[] = [
        { name: "perf-a", path: "a/" },
        { name: "perf-b", path: "b/report.txt" },
        { name: "perf-big", path: "big.bin", "compression-level": "0" },
      ];
      const ids: Record<string, number> = {};
      for (const inputs of steps) {
        const r = await runStandIn(uses, inputs, runEnv(mock.url, repo, run), ws);
        expect(r.exitCode, r.stdout).toBe(0);
        ids[inputs.name] = Number(r.outputs["artifact-id"]);
      }
      expect(artifactsOf(run.id)).toEqual(["perf-a", "perf-b", "perf-big"]);
      expect(new Set(Object.values(ids)).size).toBe(3);
      const blocks = (await mock.store.describeUpload(ids["perf-big"]!)).blocks;
      expect(blocks).toHaveLength(2);
      const { dir: out, files } = await downloadBack(repo, run);
      expect(files).toEqual(["perf-a/report.txt", "perf-b/report.txt", "perf-big/big.bin"]);
      expect(await readFile(join(out, "perf-a/report.txt"), "utf8")).toBe("report a");
      expect(await readFile(join(out, "perf-b/report.txt"), "utf8")).toBe("report b");
      expect((await readFile(join(out, "perf-big/big.bin"))).equals(big)).toBe(true);
    });

    it("a path that matches nothing: warn (default) exits 0 with the warning and no outputs; error exits 1; ignore is info", async () => {
      const repo = freshRepo(`up-none-${major}`);
      const run = await pushRun(repo);
      const ws = await tempDir("ws-art-none-");
      const msg = "No files were found with the provided path: metrics/reports/*.txt. No artifacts will be uploaded.";
      const warn = await runStandIn(uses, { path: "metrics/reports/*.txt" }, runEnv(mock.url, repo, run), ws);
      expect([warn.exitCode, warn.commands, warn.outputs]).toEqual([0, [{ command: "warning", message: msg }], {}]);
      const err = await runStandIn(
        uses,
        { path: "metrics/reports/*.txt", "if-no-files-found": "error" },
        runEnv(mock.url, repo, run),
        ws,
      );
      expect([err.exitCode, err.commands]).toEqual([1, [{ command: "error", message: msg }]]);
      const ignore = await runStandIn(
        uses,
        { path: "metrics/reports/*.txt", "if-no-files-found": "ignore" },
        runEnv(mock.url, repo, run),
        ws,
      );
      expect([ignore.exitCode, ignore.commands]).toEqual([0, []]);
      expect(ignore.stdout).toContain(msg);
      expect(artifactsOf(run.id)).toEqual([]);
    });

    it("overwrite: false on an existing name fails with the service's 409; overwrite: true replaces the artifact", async () => {
      const repo = freshRepo(`up-ow-${major}`);
      const run = await pushRun(repo);
      const ws = await workspace({ "b.json": "{}" });
      const first = await runStandIn(uses, { name: "baseline", path: "b.json" }, runEnv(mock.url, repo, run), ws);
      expect(first.exitCode, first.stdout).toBe(0);
      const clash = await runStandIn(uses, { name: "baseline", path: "b.json" }, runEnv(mock.url, repo, run), ws);
      expect(clash.exitCode).toBe(1);
      expect(clash.commands).toHaveLength(1);
      expect(clash.commands[0]?.command).toBe("error");
      expect(clash.commands[0]?.message).toContain(
        "(409) Conflict: an artifact with this name already exists on the workflow run",
      );
      expect(clash.outputs).toEqual({});
      const replaced = await runStandIn(
        uses,
        { name: "baseline", path: "b.json", overwrite: "true" },
        runEnv(mock.url, repo, run),
        ws,
      );
      expect(replaced.exitCode, replaced.stdout).toBe(0);
      expect(Number(replaced.outputs["artifact-id"])).not.toBe(Number(first.outputs["artifact-id"]));
      expect(
        mock.store
          .snapshot()
          .artifacts.filter((a) => a.runId === run.id)
          .map((a) => a.id),
      ).toEqual([Number(replaced.outputs["artifact-id"])]);
    });

    it("a bad compression-level or if-no-files-found fails the step with upstream's text", async () => {
      const repo = freshRepo(`up-bad-${major}`);
      const run = await pushRun(repo);
      const ws = await tempDir("ws-art-bad-");
      const level = await runStandIn(uses, { path: "x", "compression-level": "12" }, runEnv(mock.url, repo, run), ws);
      expect(level.exitCode).toBe(1);
      expect(level.commands[0]?.message).toBe("Invalid compression-level. Valid values are 0-9");
      const how = await runStandIn(
        uses,
        { path: "x", "if-no-files-found": "explode" },
        runEnv(mock.url, repo, run),
        ws,
      );
      expect(how.exitCode).toBe(1);
      expect(how.commands[0]?.message).toBe(
        "Unrecognized if-no-files-found input. Provided: explode. Available options: warn,error,ignore",
      );
    });

    it("include-hidden-files: true uploads hidden files; a bad retention-days fails the step, which uploads anyway", async () => {
      const repo = freshRepo(`up-hidden-${major}`);
      const run = await pushRun(repo);
      const ws = await workspace({ "m/.hidden": "h", "m/seen.txt": "s" });
      const r = await runStandIn(
        uses,
        { name: "hidden", path: "m/", "include-hidden-files": "true", "retention-days": "soon" },
        runEnv(mock.url, repo, run),
        ws,
      );
      // Upstream reports the bad input with setFailed and goes on, with the default retention.
      expect(r.exitCode).toBe(1);
      expect(r.commands).toEqual([{ command: "error", message: "Invalid retention-days" }]);
      expect(r.stdout).toContain("With the provided path, there will be 2 files uploaded");
      const stored = mock.store.getArtifact(Number(r.outputs["artifact-id"]))!;
      expect(stored.name).toBe("hidden");
      expect((Date.parse(stored.expiresAt) - Date.now()) / 86_400_000).toBeGreaterThan(89);
      expect((await downloadBack(repo, run, "hidden")).files).toEqual([".hidden", "seen.txt"]);
    });

    if (major === "v7") {
      it("archive: false uploads one file as it is and refuses several", async () => {
        const repo = freshRepo("up-raw");
        const run = await pushRun(repo);
        const ws = await workspace({ "r/one.txt": "1", "r/two.txt": "2" });
        const several = await runStandIn(
          uses,
          { name: "raw", path: "r/", archive: "false" },
          runEnv(mock.url, repo, run),
          ws,
        );
        expect(several.exitCode).toBe(1);
        expect(several.commands[0]?.message).toBe(
          "When 'archive' is set to false, only a single file can be uploaded. Found 2 files to upload.",
        );
        const one = await runStandIn(
          uses,
          { name: "raw", path: "r/one.txt", archive: "false" },
          runEnv(mock.url, repo, run),
          ws,
        );
        expect(one.exitCode, one.stdout).toBe(0);
        const id = Number(one.outputs["artifact-id"]);
        // 6.x names an unzipped artifact after the file, whatever `name` says; the action's own
        // line still prints the input.
        expect(artifactsOf(run.id)).toEqual(["one.txt"]);
        expect(one.stdout).toContain("Uploading artifact: one.txt\n");
        expect(one.stdout).toContain(`Artifact one.txt successfully finalized. Artifact ID ${id}`);
        expect(one.stdout).toMatch(
          new RegExp(`Artifact raw has been successfully uploaded! Final size is 1 bytes\\. Artifact ID is ${id}`),
        );
        expect(await mock.store.describeUpload(id)).toMatchObject({
          createArtifact: { version: 7, mimeType: "text/plain" },
          mimeType: "text/plain",
        });
        expect((await servedBytes(repo, id)).toString()).toBe("1");
        // overwrite: true deletes the artifact called `name` ("raw"), which is not there, so the
        // file-named one is still in the way: upstream's 409.
        const again = await runStandIn(
          uses,
          { name: "raw", path: "r/one.txt", archive: "false", overwrite: "true" },
          runEnv(mock.url, repo, run),
          ws,
        );
        expect(again.exitCode).toBe(1);
        expect(again.commands[0]?.message).toContain(
          "(409) Conflict: an artifact with this name already exists on the workflow run: one.txt",
        );
      });
    }
  });
}

for (const major of ["v4", "v8"] as const) {
  const uses = `actions/download-artifact@${major}`;
  /** The stand-in in a new run of `repo`, reading `producer`'s artifacts with `run-id` + `github-token`. */
  const fromRun = async (repo: string, producer: number, inputs: Record<string, string>, ws: string) =>
    runStandIn(
      uses,
      { ...inputs, "run-id": String(producer), "github-token": "ghs_t" },
      runEnv(mock.url, repo, await pushRun(repo)),
      ws,
    );

  describe(`${uses} stand-in`, () => {
    it("same run, no token: downloads by name into path and sets download-path", async () => {
      const repo = freshRepo(`dl-same-${major}`);
      const run = await seedRun(mock.url, repo, {
        conclusion: null,
        artifacts: { reports: { "report.txt": "report body" } },
      });
      const ws = await tempDir("ws-dl-same-");
      const r = await runStandIn(uses, { name: "reports", path: "got" }, runEnv(mock.url, repo, run), ws);
      expect(r.exitCode, r.stdout).toBe(0);
      expect(await listFiles(ws)).toEqual(["got/report.txt"]);
      expect(r.outputs["download-path"]).toBe(join(ws, "got"));
      expect(r.stdout).toContain("Total of 1 artifact(s) downloaded");
      expect(r.stdout).toContain("Download artifact has finished successfully");
    });

    it("another run by run-id + github-token; without the token run-id is ignored (the current run is read)", async () => {
      const repo = freshRepo(`dl-other-${major}`);
      const producer = await seedRun(mock.url, repo, { artifacts: { reports: { "report.txt": "from main" } } });
      const consumer = await registerRun(mock.url, {
        repo,
        workflow: "ci.yml",
        branch: "f",
        event: "pull_request",
        sha: "d".repeat(40),
      });
      const ws = await tempDir("ws-dl-other-");
      const r = await runStandIn(
        uses,
        { name: "reports", "run-id": String(producer.id), "github-token": "ghs_test" },
        runEnv(mock.url, repo, consumer),
        ws,
      );
      expect(r.exitCode, r.stdout).toBe(0);
      expect(await readFile(join(ws, "report.txt"), "utf8")).toBe("from main");
      expect(r.outputs["download-path"]).toBe(ws);
      const noToken = await runStandIn(
        uses,
        { name: "reports", "run-id": String(producer.id) },
        runEnv(mock.url, repo, consumer),
        ws,
      );
      expect(noToken.exitCode).toBe(1);
      expect(noToken.commands[0]?.message).toMatch(
        /^Unable to download artifact\(s\): Artifact not found for name: reports/,
      );
      expect(noToken.outputs).toEqual({});
    });

    it("an artifact that is not there fails with upstream's prefix; an expired one is not listed either", async () => {
      const repo = freshRepo(`dl-missing-${major}`);
      const run = await seedRun(mock.url, repo, { conclusion: null, artifacts: { old: { "o.txt": "o" } } });
      await expireArtifact(mock.url, run.artifactIds.old!);
      const ws = await tempDir("ws-dl-missing-");
      for (const name of ["nope", "old"]) {
        const r = await runStandIn(uses, { name }, runEnv(mock.url, repo, run), ws);
        expect(r.exitCode).toBe(1);
        expect(r.commands[0]?.message).toMatch(
          new RegExp(`^Unable to download artifact\\(s\\): Artifact not found for name: ${name}`),
        );
      }
      expect(await listFiles(ws)).toEqual([]);
    });

    it("several artifacts: each in path/<name>/, or all into path with merge-multiple", async () => {
      const repo = freshRepo(`dl-several-${major}`);
      const run = await seedRun(mock.url, repo, {
        conclusion: null,
        artifacts: { "perf-a": { "a.txt": "a" }, "perf-b": { "b.txt": "b" }, other: { "o.txt": "o" } },
      });
      const ws = await tempDir("ws-dl-several-");
      const r = await runStandIn(uses, { path: "all" }, runEnv(mock.url, repo, run), ws);
      expect(r.exitCode, r.stdout).toBe(0);
      expect(r.stdout).toContain("An extra directory with the artifact name will be created for each download");
      expect(await listFiles(join(ws, "all"))).toEqual(["other/o.txt", "perf-a/a.txt", "perf-b/b.txt"]);
      const merged = await runStandIn(
        uses,
        { path: "m", pattern: "perf-*", "merge-multiple": "true" },
        runEnv(mock.url, repo, run),
        ws,
      );
      expect(merged.exitCode, merged.stdout).toBe(0);
      expect(await listFiles(join(ws, "m"))).toEqual(["a.txt", "b.txt"]);
      expect(merged.stdout).toContain("Filtering artifacts by pattern 'perf-*'");
      expect(merged.stdout).toContain("::debug::Found 3 artifacts in run\n");
      expect(merged.stdout).toContain("::debug::Filtered from 3 to 2 artifacts");
      // One artifact matched by a pattern: v4 still makes its directory, the current major does not.
      const one = await runStandIn(uses, { path: "one", pattern: "perf-a" }, runEnv(mock.url, repo, run), ws);
      expect(one.exitCode, one.stdout).toBe(0);
      expect(await listFiles(join(ws, "one"))).toEqual(major === "v4" ? ["perf-a/a.txt"] : ["a.txt"]);
    });

    it("artifact-ids: downloads the ones found and warns about the rest; with name it is refused", async () => {
      const repo = freshRepo(`dl-ids-${major}`);
      const run = await seedRun(mock.url, repo, { conclusion: null, artifacts: { x: { "x.txt": "x" } } });
      const ws = await tempDir("ws-dl-ids-");
      const r = await runStandIn(
        uses,
        { "artifact-ids": `${run.artifactIds.x}, 99`, path: "ids" },
        runEnv(mock.url, repo, run),
        ws,
      );
      expect(r.exitCode, r.stdout).toBe(0);
      expect(r.commands).toEqual([{ command: "warning", message: "Could not find the following artifact IDs: 99" }]);
      // The step-debug lines upstream writes (shown with ACTIONS_STEP_DEBUG).
      expect(r.stdout).toContain(`::debug::Parsed artifact IDs: ["${run.artifactIds.x}","99"]`);
      expect(r.stdout).toContain("::debug::Found 1 artifacts by ID");
      const both = await runStandIn(uses, { name: "x", "artifact-ids": "1" }, runEnv(mock.url, repo, run), ws);
      expect(both.exitCode).toBe(1);
      expect(both.commands[0]?.message).toBe(
        "Unable to download artifact(s): Inputs 'name' and 'artifact-ids' cannot be used together. Please specify only one.",
      );
    });

    it("run-id + github-token, expired: REST still lists it, its zip answers 410 and the step fails with the client's text", async () => {
      const repo = freshRepo(`dl-exp-token-${major}`);
      const producer = await seedRun(mock.url, repo, { artifacts: { reports: { "report.txt": "old" } } });
      const id = producer.artifactIds.reports!;
      await expireArtifact(mock.url, id);
      const ws = await tempDir("ws-dl-exp-token-");
      const r = await fromRun(repo, producer.id, { name: "reports", path: "got" }, ws);
      // 2.3.2 carries @octokit/request 5 (the message alone), 6.x @octokit/request 10 (with the docs URL).
      const text = major === "v4" ? "Artifact has expired" : `Artifact has expired - ${EXPIRED_DOCS}`;
      expect([r.exitCode, r.commands]).toEqual([
        1,
        [{ command: "error", message: `Unable to download artifact(s): ${text}` }],
      ]);
      expect(r.stdout).toContain(`- reports (ID: ${id}, Size: `);
      expect(r.stdout).toContain(`Downloading artifact '${id}' from '${repo}'`);
      expect(r.outputs).toEqual({});
      // The client makes the destination before it asks for the zip; nothing is written into it.
      expect(existsSync(join(ws, "got"))).toBe(true);
      expect(await listFiles(ws)).toEqual([]);
    });

    it("run-id + github-token, a run without that name: the client's not-found text", async () => {
      const repo = freshRepo(`dl-noname-${major}`);
      const producer = await seedRun(mock.url, repo, { artifacts: { other: { "o.txt": "o" } } });
      const ws = await tempDir("ws-dl-noname-");
      const r = await fromRun(repo, producer.id, { name: "reports" }, ws);
      expect([r.exitCode, r.commands]).toEqual([
        1,
        [{ command: "error", message: `Unable to download artifact(s): ${notFoundText("reports")}` }],
      ]);
      expect(r.stdout).not.toContain("Preparing to download");
      expect(r.outputs).toEqual({});
      expect(await listFiles(ws)).toEqual([]);
    });

    it("overwrites files already at the destination and leaves the others", async () => {
      const repo = freshRepo(`dl-ow-${major}`);
      const producer = await seedRun(mock.url, repo, {
        artifacts: { reports: { "report.txt": "fresh", "sub/deep.txt": "deep" } },
      });
      const ws = await workspace({ "got/report.txt": "stale", "got/sub/deep.txt": "stale", "got/mine.txt": "mine" });
      const r = await fromRun(repo, producer.id, { name: "reports", path: "got" }, ws);
      expect(r.exitCode, r.stdout).toBe(0);
      expect(await listFiles(join(ws, "got"))).toEqual(["mine.txt", "report.txt", "sub/deep.txt"]);
      expect(await readFile(join(ws, "got/report.txt"), "utf8")).toBe("fresh");
      expect(await readFile(join(ws, "got/sub/deep.txt"), "utf8")).toBe("deep");
      expect(await readFile(join(ws, "got/mine.txt"), "utf8")).toBe("mine");
    });

    it(`more than 100 artifacts over REST: ${major === "v4" ? "2.3.2 never asks for the last page" : "every page is read"}`, async () => {
      const repo = freshRepo(`dl-paging-${major}`);
      const producer = await seedRun(mock.url, repo, { conclusion: null });
      for (let i = 0; i <= 100; i++) {
        const name = `a-${String(i).padStart(3, "0")}`;
        await mock.store.addArtifact({ runId: producer.id, name, content: zipOf({ [`${name}.txt`]: name }) });
      }
      await completeRun(mock.url, producer.id, "success");
      // What the REST API serves past the first 100 (per_page is capped at 100).
      const page2 = (await (
        await fetch(`${mock.url}/repos/${repo}/actions/runs/${producer.id}/artifacts?per_page=100&page=2`, {
          headers: { authorization: "token t" },
        })
      ).json()) as { artifacts: { name: string }[] };
      const lastPage = page2.artifacts.map((a) => a.name);
      expect(lastPage).toHaveLength(1);
      const ws = await tempDir("ws-dl-paging-");
      const r = await fromRun(repo, producer.id, { path: "all" }, ws);
      expect(r.exitCode, r.stdout).toBe(0);
      const count = major === "v4" ? 100 : 101;
      expect(r.stdout).toContain(`Found ${count} artifact(s)`);
      expect(r.stdout).toContain(`Total of ${count} artifact(s) downloaded`);
      const dirs = new Set((await listFiles(join(ws, "all"))).map((f) => f.split("/")[0]));
      expect(dirs.size).toBe(count);
      expect(dirs.has(lastPage[0]!)).toBe(major !== "v4");
    }, 120_000);

    it("repository: names another repository's run; without it that run id is not found in this one", async () => {
      const repo = freshRepo(`dl-repo-${major}`);
      const elsewhere = freshRepo(`dl-elsewhere-${major}`);
      const producer = await seedRun(mock.url, elsewhere, {
        artifacts: { reports: { "report.txt": "from elsewhere" } },
      });
      const env = runEnv(mock.url, repo, await pushRun(repo));
      const ws = await tempDir("ws-dl-repo-");
      const inputs = { name: "reports", "run-id": String(producer.id), "github-token": "ghs_t" };
      const r = await runStandIn(uses, { ...inputs, repository: elsewhere }, env, ws);
      expect(r.exitCode, r.stdout).toBe(0);
      expect(r.stdout).toContain(`Downloading artifact '${producer.artifactIds.reports}' from '${elsewhere}'`);
      expect(await readFile(join(ws, "report.txt"), "utf8")).toBe("from elsewhere");
      const here = await runStandIn(uses, inputs, env, await tempDir("ws-dl-repo2-"));
      const notFound = major === "v4" ? "Not Found" : "Not Found - https://docs.github.com/rest";
      expect([here.exitCode, here.commands]).toEqual([
        1,
        [{ command: "error", message: `Unable to download artifact(s): ${notFound}` }],
      ]);
      const bad = await runStandIn(uses, { ...inputs, repository: "no-slash" }, env, await tempDir("ws-dl-repo3-"));
      expect([bad.exitCode, bad.commands]).toEqual([
        1,
        [
          {
            command: "error",
            message: "Unable to download artifact(s): Invalid repository: 'no-slash'. Must be in format owner/repo",
          },
        ],
      ]);
    });

    if (major === "v8") {
      it("digest-mismatch must be ignore, info, warn or error", async () => {
        const repo = freshRepo("dl-digest");
        const run = await pushRun(repo);
        const r = await runStandIn(
          uses,
          { name: "x", "digest-mismatch": "shrug" },
          runEnv(mock.url, repo, run),
          await tempDir("ws-dl-dg-"),
        );
        expect(r.exitCode).toBe(1);
        expect(r.commands[0]?.message).toBe(
          "Unable to download artifact(s): Invalid value for 'digest-mismatch': 'shrug'. Valid options are: ignore, info, warn, error",
        );
      });
    }
  });
}

it("a finished run's artifacts stay readable by id after the run completes", async () => {
  const repo = freshRepo("dl-completed");
  const run = await seedRun(mock.url, repo, { conclusion: null, artifacts: { r: { "r.txt": "r" } } });
  await completeRun(mock.url, run.id, "success");
  const ws = await tempDir("ws-dl-done-");
  const r = await runStandIn(
    "actions/download-artifact@v8",
    { name: "r", "run-id": String(run.id), "github-token": "ghs_t" },
    runEnv(mock.url, repo, await pushRun(repo)),
    ws,
  );
  expect(r.exitCode, r.stdout).toBe(0);
  expect(await listFiles(ws)).toEqual(["r.txt"]);
});
