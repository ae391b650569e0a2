import { existsSync } from "node:fs";
import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { startMockServer } from "@perfgate/mock-github";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Mock, mockStep, REPO, TOKEN } from "./mock-step.ts";
import { runAction, sampleProject, slowDown } from "./run-action.ts";

// The action's bundle as a real process, against the mock GitHub (REST + artifact service) on
// 127.0.0.1: main establishes and uploads, PRs download main's newest baseline and are checked.
describe("perfgate action (dist/index.cjs)", () => {
  let mock: Mock;
  const repo = REPO;
  const token = TOKEN;
  const dirs: string[] = [];

  beforeAll(async () => {
    mock = await startMockServer();
  });
  afterAll(async () => {
    await mock?.close();
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  const step = (
    workspace: string,
    event: "push" | "pull_request",
    branch: string,
    inputs: Record<string, string> = {},
    env: Record<string, string> = {},
  ) => mockStep(mock, workspace, { event, branch, inputs, env });

  it("a PR before main has any baseline: warns, checks against a temporary one, status bootstrapped", async () => {
    const dir = await sampleProject();
    dirs.push(dir);
    const res = await step(dir, "pull_request", "feature/a");
    expect(res.exitCode, res.stdout + res.stderr).toBe(0);
    // Off GitHub (act sets no GITHUB_WORKFLOW_REF) the workflow is read from the run's record: by
    // its file name, which a reader knows, not GitHub's numeric id.
    expect(res.stdout).toMatch(
      /::warning title=perfgate::No baseline artifact from main: No run of workflow 'perf\.yml' in acme\/app/,
    );
    expect(res.stdout).toContain("📊 No baseline from main - establishing baseline...");
    expect(res.outputs).toMatchObject({ status: "bootstrapped", regressed: "", "baseline-source": "temporary" });
    expect(res.outputs["report-path"]).toMatch(/^metrics\/reports\/performance_report_\d{8}_\d{6}\.txt$/);
    expect(existsSync(path.join(dir, res.outputs["report-path"]!))).toBe(true);
    expect(res.summary).toContain("perfgate");
    const reports = mock.store.snapshot().artifacts.filter((a) => a.runId === res.runId);
    expect(reports.map((a) => a.name)).toEqual(["performance-regression-results"]);
  });

  it("on GitHub the workflow comes from GITHUB_WORKFLOW_REF, before the run's record", async () => {
    const dir = await sampleProject();
    dirs.push(dir);
    // The run is registered under perf.yml; the ref names another file of the repository, which
    // must win (it has no runs: a temporary baseline, not a 404).
    mock.store.registerWorkflows(repo, [{ file: "nightly.yaml" }]);
    const res = await step(
      dir,
      "pull_request",
      "feature/b",
      {},
      {
        GITHUB_WORKFLOW_REF: `${repo}/.github/workflows/nightly.yaml@refs/pull/1/merge`,
      },
    );
    expect(res.exitCode, res.stdout + res.stderr).toBe(0);
    expect(res.stdout).toContain("Looking for the newest successful run of nightly.yaml on main");
    expect(res.stdout).toMatch(/No baseline artifact from main: No run of workflow 'nightly\.yaml' in acme\/app/);
  });

  it("main establishes and uploads; a PR then uses that artifact and passes; a slower PR fails naming it", async () => {
    const dir = await sampleProject();
    dirs.push(dir);
    const main = await step(dir, "push", "main");
    expect(main.exitCode, main.stdout + main.stderr).toBe(0);
    expect(main.stdout).toContain("📊 Establishing performance baseline for main branch...");
    expect(main.outputs.status).toBe("passed");
    const uploaded = mock.store
      .snapshot()
      .artifacts.find((a) => a.runId === main.runId && a.name === "performance-baseline");
    expect(uploaded && String(uploaded.id)).toBe(main.outputs["artifact-id"]);

    await rm(path.join(dir, "metrics"), { recursive: true });
    const pr = await step(dir, "pull_request", "feature/b");
    expect(pr.exitCode, pr.stdout + pr.stderr).toBe(0);
    expect(pr.stdout).toContain("✅ Using baseline from main branch");
    expect(pr.outputs).toMatchObject({ status: "passed", "baseline-artifact-id": main.outputs["artifact-id"] });

    await rm(path.join(dir, "metrics"), { recursive: true });
    await slowDown(dir);
    const slow = await step(dir, "pull_request", "feature/c");
    expect(slow.exitCode).toBe(1);
    expect(slow.outputs).toMatchObject({ status: "failed", regressed: "work" });
    expect(slow.stdout).toMatch(/::error title=Performance regression%3A work::/);
    expect(slow.stdout).toContain("❌ BLOCKING: Performance regression > 10% detected");
  });

  it("main's newest run holds an empty baseline: a clear message and the temporary fallback", async () => {
    const dir = await sampleProject();
    dirs.push(dir);
    const main = await step(dir, "push", "main");
    expect(main.exitCode).toBe(0);
    // Then a newer main run whose artifact holds an empty file. Upload an empty file as the newest main run's artifact, as a broken main job would.
    const { run } = await mock.store.registerRun({
      repo,
      workflow: "perf.yml",
      branch: "main",
      event: "push",
      sha: "b".repeat(40),
    });
    const { makeEmptyBaselineZip } = await import("./zip.ts");
    await mock.store.addArtifact({
      runId: run.id,
      name: "performance-baseline",
      content: await makeEmptyBaselineZip(),
    });
    mock.store.completeRun(run.id, "success");
    await rm(path.join(dir, "metrics"), { recursive: true });
    const pr = await step(dir, "pull_request", "feature/d");
    expect(pr.exitCode, pr.stdout + pr.stderr).toBe(0);
    expect(pr.stderr).toMatch(/is empty \(0 bytes\)/);
    expect(pr.stdout).toContain("📊 No baseline from main - establishing baseline...");
    expect(pr.outputs.status).toBe("bootstrapped");
  });

  it("errors say what to do: no config, no token, a bad input", async () => {
    const noConfig = await sampleProject({ config: false });
    dirs.push(noConfig);
    const a = await step(noConfig, "pull_request", "feature/e");
    expect(a.exitCode).toBe(1);
    expect(a.stdout).toMatch(/::error title=perfgate NO_CONFIG::no perfgate config at perfgate.config.json/);
    expect(a.stdout).toContain("npx perfgate init");
    expect(a.outputs.status).toBe("failed");

    const dir = await sampleProject();
    dirs.push(dir);
    const b = await step(dir, "pull_request", "feature/f", { "github-token": " " });
    expect(b.exitCode).toBe(1);
    expect(b.stdout).toContain("input github-token is empty");
    expect(b.stdout).toContain("permissions: actions: read");

    const c = await step(dir, "pull_request", "feature/g", { threshold: "ten" });
    expect(c.exitCode).toBe(1);
    expect(c.stdout).toContain(
      "input threshold must be a number above 0 and below 1000 (the allowed slowdown in percent, as perfgate's --threshold), got 'ten'",
    );
  });

  it("paired: required fails on a shallow clone without the base commit, with the fetch-depth remedy", async () => {
    const dir = await sampleProject();
    dirs.push(dir);
    const event = path.join(dir, "event.json");
    await writeFile(event, JSON.stringify({ pull_request: { base: { sha: "c".repeat(40) } } }));
    const { execFileSync } = await import("node:child_process");
    execFileSync("git", ["init", "-q"], { cwd: dir });
    const res = await runAction({
      workspace: dir,
      inputs: { "github-token": token, paired: "required" },
      env: {
        GITHUB_REPOSITORY: repo,
        GITHUB_EVENT_NAME: "pull_request",
        GITHUB_EVENT_PATH: event,
        GITHUB_API_URL: mock.url,
      },
    });
    expect(res.exitCode).toBe(1);
    expect(res.stdout).toMatch(
      /::error title=perfgate SHALLOW_CLONE::the pull request's base commit cccccccccccc is not in this clone/,
    );
    expect(res.stdout).toContain("fetch-depth: 0");
    expect(await readFile(event, "utf8")).toContain("base");
  });
});
