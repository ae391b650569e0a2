import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type MockServer, startMockServer } from "@perfgate/mock-github";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { completeRun, registerRun, runStandIn, tempDir } from "./stand-in-harness.ts";

// Contract tests: the bundled stand-ins, run as the runner runs them, against the mock GitHub.
const REPO = "acme/widgets";
let mock: MockServer;

beforeAll(async () => {
  mock = await startMockServer();
});
afterAll(async () => {
  await mock?.close();
});

const runEnv = (run: { id: number; runtimeToken: string }) => ({
  GITHUB_REPOSITORY: REPO,
  GITHUB_RUN_ID: String(run.id),
  GITHUB_API_URL: mock.url,
  ACTIONS_RESULTS_URL: `${mock.url}/`,
  ACTIONS_RUNTIME_TOKEN: run.runtimeToken,
});

const uploadDefaults = {
  name: "artifact",
  "if-no-files-found": "warn",
  "compression-level": "6",
  overwrite: "false",
  "include-hidden-files": "false",
};

describe("actions/upload-artifact@v4 stand-in", () => {
  it("uploads matched files keeping paths relative to the search root, sets artifact-id/url/digest", async () => {
    const ws = await tempDir("ws-up-");
    await mkdir(join(ws, "metrics/baselines"), { recursive: true });
    await writeFile(join(ws, "metrics/baselines/current_performance_baseline.json"), '{"benchmarks":{}}');
    await writeFile(join(ws, "metrics/baselines/.hidden"), "secret");
    const run = await registerRun(mock.url, {
      repo: REPO,
      workflow: "ci.yml",
      branch: "main",
      event: "push",
      sha: "a".repeat(40),
    });
    const r = await runStandIn(
      "actions/upload-artifact@v4",
      { ...uploadDefaults, name: "performance-baseline", path: "metrics/baselines/", "retention-days": "90" },
      runEnv(run),
      ws,
    );
    expect(r.exitCode, r.stdout).toBe(0);
    expect(r.stdout).toContain("With the provided path, there will be 1 file uploaded");
    expect(r.stdout).toMatch(
      /Artifact performance-baseline has been successfully uploaded! Final size is \d+ bytes\. Artifact ID is \d+/,
    );
    const id = Number(r.outputs["artifact-id"]);
    expect(id).toBeGreaterThan(0);
    expect(r.outputs["artifact-url"]).toBe(`https://github.com/${REPO}/actions/runs/${run.id}/artifacts/${id}`);
    expect(r.outputs["artifact-digest"]).toMatch(/^[0-9a-f]{64}$/);
    const state = mock.store.snapshot();
    expect(state.artifacts.map((a) => [a.name, a.runId])).toContainEqual(["performance-baseline", run.id]);

    // Same run, same name: overwrite replaces it, as upstream.
    const again = await runStandIn(
      "actions/upload-artifact@v4",
      {
        ...uploadDefaults,
        name: "performance-baseline",
        path: "metrics/baselines/current_performance_baseline.json",
        overwrite: "true",
      },
      runEnv(run),
      ws,
    );
    expect(again.exitCode, again.stdout).toBe(0);
    expect(Number(again.outputs["artifact-id"])).not.toBe(id);
  });

  it("warns or fails when nothing matches (per if-no-files-found) and rejects a bad compression-level", async () => {
    const ws = await tempDir("ws-none-");
    const run = await registerRun(mock.url, {
      repo: REPO,
      workflow: "ci.yml",
      branch: "main",
      event: "push",
      sha: "b".repeat(40),
    });
    const msg = "No files were found with the provided path: metrics/reports/*.txt. No artifacts will be uploaded.";
    const warn = await runStandIn(
      "actions/upload-artifact@v4",
      { ...uploadDefaults, path: "metrics/reports/*.txt" },
      runEnv(run),
      ws,
    );
    expect(warn.exitCode).toBe(0);
    expect(warn.commands).toEqual([{ command: "warning", message: msg }]);
    expect(warn.outputs).toEqual({});
    const err = await runStandIn(
      "actions/upload-artifact@v4",
      { ...uploadDefaults, path: "metrics/reports/*.txt", "if-no-files-found": "error" },
      runEnv(run),
      ws,
    );
    expect(err.exitCode).toBe(1);
    expect(err.commands).toEqual([{ command: "error", message: msg }]);
    const bad = await runStandIn(
      "actions/upload-artifact@v4",
      { ...uploadDefaults, path: "x", "compression-level": "12" },
      runEnv(run),
      ws,
    );
    expect(bad.exitCode).toBe(1);
    expect(bad.commands[0]?.message).toBe("Invalid compression-level. Valid values are 0-9");
  });
});

describe("actions/download-artifact@v4 stand-in", () => {
  it("downloads by name from the current run, and from another run with github-token + run-id", async () => {
    const ws = await tempDir("ws-dl-");
    await mkdir(join(ws, "out"), { recursive: true });
    await writeFile(join(ws, "out/report.txt"), "report body");
    const producer = await registerRun(mock.url, {
      repo: REPO,
      workflow: "ci.yml",
      branch: "main",
      event: "push",
      sha: "c".repeat(40),
    });
    const up = await runStandIn(
      "actions/upload-artifact@v4",
      { ...uploadDefaults, name: "reports", path: "out" },
      runEnv(producer),
      ws,
    );
    expect(up.exitCode, up.stdout).toBe(0);

    const same = await tempDir("ws-dl-same-");
    const r1 = await runStandIn(
      "actions/download-artifact@v4",
      { name: "reports", path: "got", repository: REPO, "run-id": String(producer.id), "merge-multiple": "false" },
      runEnv(producer),
      same,
    );
    expect(r1.exitCode, r1.stdout).toBe(0);
    expect(await readFile(join(same, "got/report.txt"), "utf8")).toBe("report body");
    expect(r1.outputs["download-path"]).toBe(join(same, "got"));
    expect(r1.stdout).toContain("Download artifact has finished successfully");

    await completeRun(mock.url, producer.id, "success");
    const consumer = await registerRun(mock.url, {
      repo: REPO,
      workflow: "ci.yml",
      branch: "feature",
      event: "pull_request",
      sha: "d".repeat(40),
    });
    const other = await tempDir("ws-dl-other-");
    const r2 = await runStandIn(
      "actions/download-artifact@v4",
      {
        name: "reports",
        path: other,
        repository: REPO,
        "run-id": String(producer.id),
        "github-token": "ghs_test",
        "merge-multiple": "false",
      },
      runEnv(consumer),
      other,
    );
    expect(r2.exitCode, r2.stdout).toBe(0);
    expect(await readFile(join(other, "report.txt"), "utf8")).toBe("report body");

    const missing = await runStandIn(
      "actions/download-artifact@v4",
      { name: "nope", repository: REPO, "run-id": String(consumer.id), "merge-multiple": "false" },
      runEnv(consumer),
      other,
    );
    expect(missing.exitCode).toBe(1);
    expect(missing.commands[0]?.message).toMatch(/^Unable to download artifact\(s\): /);
  });
});
