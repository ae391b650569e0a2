import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createMockClient, type MockServer, startMockServer } from "@perfgate/mock-github";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { completeRun, registerRun, runStandIn, tempDir } from "./stand-in-harness.ts";

// Contract test of the dawidd6/action-download-artifact@v3 stand-in against the mock GitHub:
// the inputs the seed workflow passes, the files and outputs it leaves, upstream's messages.
const REPO = "acme/dawidd6";
let mock: MockServer;

beforeAll(async () => {
  mock = await startMockServer();
});
afterAll(async () => {
  await mock?.close();
});

const inputs = (over: Record<string, string> = {}) => ({
  github_token: "ghs_contracttoken",
  repo: REPO,
  workflow: "ci.yml",
  workflow_conclusion: "success",
  branch: "main",
  name: "performance-baseline",
  path: "metrics/baselines/",
  if_no_artifact_found: "warn",
  name_is_regexp: "false",
  search_artifacts: "false",
  skip_unpack: "false",
  allow_forks: "true",
  check_artifacts: "false",
  ...over,
});
const env = (run: { id: number; runtimeToken: string }) => ({
  GITHUB_REPOSITORY: REPO,
  GITHUB_RUN_ID: String(run.id),
  GITHUB_API_URL: mock.url,
  ACTIONS_RESULTS_URL: `${mock.url}/`,
  ACTIONS_RUNTIME_TOKEN: run.runtimeToken,
});

describe("dawidd6/action-download-artifact@v3 stand-in", () => {
  it("with no run of main yet: warns as upstream, found_artifact=false, step passes; fail mode fails", async () => {
    const pr = await registerRun(mock.url, {
      repo: REPO,
      workflow: "ci.yml",
      branch: "feature",
      event: "pull_request",
      sha: "1".repeat(40),
    });
    const ws = await tempDir("ws-dw-none-");
    const r = await runStandIn("dawidd6__action-download-artifact", inputs(), env(pr), ws);
    expect(r.exitCode, r.stdout).toBe(0);
    expect(r.commands).toEqual([{ command: "warning", message: "no matching workflow run found with any artifacts?" }]);
    expect(r.outputs.found_artifact).toBe("false");
    expect(r.stdout).toContain("==> Artifact name: performance-baseline");
    const failing = await runStandIn(
      "dawidd6__action-download-artifact",
      inputs({ if_no_artifact_found: "fail" }),
      env(pr),
      ws,
    );
    expect(failing.exitCode).toBe(1);
    expect(failing.commands).toEqual([
      { command: "error", message: "no matching workflow run found with any artifacts?" },
    ]);
  });

  it("downloads the artifact main's newest successful run uploaded, and sets found_artifact and artifacts", async () => {
    const main = await registerRun(mock.url, {
      repo: REPO,
      workflow: "ci.yml",
      branch: "main",
      event: "push",
      sha: "2".repeat(40),
    });
    const src = await tempDir("ws-dw-src-");
    await mkdir(join(src, "b"), { recursive: true });
    await writeFile(join(src, "b/current_performance_baseline.json"), '{"v":1}');
    const up = await runStandIn(
      "actions__upload-artifact",
      {
        name: "performance-baseline",
        path: "b/current_performance_baseline.json",
        "if-no-files-found": "error",
        overwrite: "false",
        "include-hidden-files": "false",
      },
      env(main),
      src,
    );
    expect(up.exitCode, up.stdout).toBe(0);
    await completeRun(mock.url, main.id, "success");

    const pr = await registerRun(mock.url, {
      repo: REPO,
      workflow: "ci.yml",
      branch: "feature",
      event: "pull_request",
      sha: "3".repeat(40),
    });
    const ws = await tempDir("ws-dw-pr-");
    const r = await runStandIn("dawidd6__action-download-artifact", inputs(), env(pr), ws);
    expect(r.exitCode, r.stdout).toBe(0);
    expect(r.commands).toEqual([]);
    expect(await readFile(join(ws, "metrics/baselines/current_performance_baseline.json"), "utf8")).toBe('{"v":1}');
    expect(r.outputs.found_artifact).toBe("true");
    expect(JSON.parse(r.outputs.artifacts ?? "[]")[0]).toMatchObject({
      id: Number(up.outputs["artifact-id"]),
      name: "performance-baseline",
    });
    expect(r.stdout).toContain(`==> (found) Run ID: ${main.id}`);

    // Once that artifact has expired, the warning says so.
    await createMockClient(mock.url).expireArtifact(Number(up.outputs["artifact-id"]));
    const expired = await runStandIn(
      "dawidd6__action-download-artifact",
      inputs(),
      env(pr),
      await tempDir("ws-dw-exp-"),
    );
    expect(expired.exitCode).toBe(0);
    expect(expired.commands).toEqual([{ command: "warning", message: "no downloadable artifacts found (expired)" }]);
    expect(expired.outputs.found_artifact).toBe("false");
  });

  it("refuses inputs it does not implement instead of ignoring them", async () => {
    const pr = await registerRun(mock.url, {
      repo: REPO,
      workflow: "ci.yml",
      branch: "x",
      event: "pull_request",
      sha: "4".repeat(40),
    });
    const r = await runStandIn(
      "dawidd6__action-download-artifact",
      inputs({ pr: "5" }),
      env(pr),
      await tempDir("ws-dw-bad-"),
    );
    expect(r.exitCode).toBe(1);
    expect(r.outputs.error_message).toBe("input pr is not supported by the offline stand-in of this action");
  });
});
