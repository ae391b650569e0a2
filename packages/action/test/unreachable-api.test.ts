import { createServer } from "node:net";
import { rm } from "node:fs/promises";
import path from "node:path";
import { createMockClient, startMockServer } from "@perfgate/mock-github";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Mock, mockStep, REPO } from "./mock-step.ts";
import { commitAll, pullRequestEvent, sampleProject, slowDown } from "./run-action.ts";

/** A 127.0.0.1 URL nothing listens on: a port that was just free. */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

// "Could not ask GitHub" is not "main has no baseline": a PR checked while the API fails gets a
// real verdict from its base commit measured beside it, or is said plainly not to be checked.
describe("perfgate action when GitHub's API fails", () => {
  let mock: Mock;
  const dirs: string[] = [];
  // As on GitHub: the workflow's file comes from the ref, so the first request is the lookup itself.
  const workflowRef = { GITHUB_WORKFLOW_REF: `${REPO}/.github/workflows/perf.yml@refs/pull/1/merge` };

  beforeAll(async () => {
    mock = await startMockServer();
  });
  afterEach(async () => {
    await createMockClient(mock.url).faults.clear();
  });
  afterAll(async () => {
    await mock?.close();
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  async function event(baseSha: string): Promise<string> {
    const file = await pullRequestEvent(baseSha);
    dirs.push(path.dirname(file));
    return file;
  }

  async function project(): Promise<{ dir: string; base: string }> {
    const dir = await sampleProject();
    dirs.push(dir);
    const base = commitAll(dir);
    commitAll(dir, "the pull request"); // its own commit: a base equal to HEAD pairs nothing
    return { dir, base };
  }

  it("500 past every retry: the PR is measured beside its base commit, not against itself, and passes", async () => {
    const { dir, base } = await project();
    const faults = createMockClient(mock.url).faults;
    // The lookup's request and its 3 retries; the reports upload afterwards is answered.
    await faults.add(4, "500");
    const res = await mockStep(mock, dir, {
      event: "pull_request",
      branch: "feature/api-500",
      env: { ...workflowRef, GITHUB_EVENT_PATH: await event(base) },
    });
    expect(res.exitCode, res.stdout + res.stderr).toBe(0);
    expect(await faults.list()).toEqual([]);
    expect(res.stdout).toMatch(/::warning title=perfgate::Could not ask GitHub for main's baseline: .*answered 500/);
    expect(res.stdout).not.toContain("No baseline from main - establishing baseline");
    expect(res.stderr).toContain(`paired mode: measuring base ${base.slice(0, 12)}`);
    expect(res.outputs).toMatchObject({ status: "passed", regressed: "", "baseline-source": "base-commit" });
    const uploaded = mock.store.snapshot().artifacts.filter((a) => a.runId === res.runId);
    expect(uploaded.map((a) => a.name)).toEqual(["performance-regression-results"]);
  });

  it("429 past every retry: a PR that is slower than its base commit fails naming the benchmark", async () => {
    const { dir, base } = await project();
    await slowDown(dir);
    await createMockClient(mock.url).faults.add(4, "429");
    const res = await mockStep(mock, dir, {
      event: "pull_request",
      branch: "feature/api-429",
      env: { ...workflowRef, GITHUB_EVENT_PATH: await event(base) },
    });
    expect(res.exitCode, res.stdout + res.stderr).toBe(1);
    expect(res.stdout).toMatch(/Could not ask GitHub for main's baseline: .*rate limited/);
    expect(res.outputs).toMatchObject({ status: "failed", regressed: "work", "baseline-source": "base-commit" });
    expect(res.stdout).toMatch(/::error title=Performance regression%3A work::/);
  });

  it("API unreachable and the base commit not in the clone: says the PR was not checked and fails", async () => {
    const { dir } = await project();
    const res = await mockStep(mock, dir, {
      event: "pull_request",
      branch: "feature/api-down",
      env: {
        ...workflowRef,
        GITHUB_API_URL: await closedPortUrl(),
        GITHUB_EVENT_PATH: await event("c".repeat(40)),
      },
    });
    expect(res.exitCode, res.stdout + res.stderr).toBe(1);
    expect(res.stdout).toMatch(
      /::error title=perfgate NOT_CHECKED::This pull request was NOT checked for performance regressions: /,
    );
    expect(res.stdout).toMatch(/NOT_CHECKED::.*refused/);
    expect(res.stdout).toMatch(/NOT_CHECKED::.*base commit cccccccccccc is not in this clone/);
    expect(res.stdout).toContain("on-unchecked: warn");
    expect(res.stdout).not.toContain("No baseline from main - establishing baseline");
    expect(res.outputs).toMatchObject({ status: "unchecked" });
    expect(res.outputs["baseline-source"]).toBeUndefined();
  });

  it("on-unchecked: warn: no base commit to measure (not a PR) is a warning, status unchecked, the job passes", async () => {
    const { dir } = await project();
    await createMockClient(mock.url).faults.add(4, "reset");
    const res = await mockStep(mock, dir, {
      event: "workflow_dispatch",
      branch: "feature/api-reset",
      inputs: { "on-unchecked": "warn" },
      env: workflowRef,
    });
    expect(res.exitCode, res.stdout + res.stderr).toBe(0);
    expect(res.stdout).toMatch(
      /::warning title=perfgate NOT_CHECKED::This run was NOT checked for performance regressions: .*no base commit/,
    );
    expect(res.stdout).not.toContain("No baseline from main - establishing baseline");
    expect(res.outputs).toMatchObject({ status: "unchecked" });
  });
});
