import { startMockServer } from "@perfgate/mock-github";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, tempProject } from "./helpers.ts";

// `perfgate artifact` is artifact-client's command mounted into the single-file bundle, so a
// workflow can fetch main's baseline with the CLI alone. Prove the bundle carries it and talks HTTP.
describe("perfgate artifact (mounted in the bundle)", () => {
  let mock: Awaited<ReturnType<typeof startMockServer>>;
  beforeAll(async () => {
    mock = await startMockServer();
  });
  afterAll(async () => {
    await mock?.close();
  });

  it("finds main's newest run with the artifact, and exits 1 (nothing found) when there is none", async () => {
    const dir = await tempProject({});
    const token = "t0k3n-never-printed-9f8e7d";
    const args = [
      "artifact",
      "find",
      "--repo",
      "acme/app",
      "--workflow",
      "ci.yml",
      "--branch",
      "main",
      "--name",
      "performance-baseline",
      "--api-url",
      mock.url,
      "--json",
    ];

    // The workflow exists (it ran on a PR branch) but main has no run with the artifact yet.
    const { run: prRun } = await mock.store.registerRun({
      repo: "acme/app",
      workflow: "ci.yml",
      branch: "feature",
      event: "pull_request",
      sha: "b".repeat(40),
    });
    mock.store.completeRun(prRun.id, "success");
    const none = await runCli(args, { cwd: dir, env: { GITHUB_TOKEN: token } });
    expect(none.code, none.output).toBe(1);
    expect(none.output).not.toContain(token);

    const { run } = await mock.store.registerRun({
      repo: "acme/app",
      workflow: "ci.yml",
      branch: "main",
      event: "push",
      sha: "a".repeat(40),
    });
    await mock.store.addArtifact({
      runId: run.id,
      name: "performance-baseline",
      content: Buffer.from("PK\u0005\u0006" + "\0".repeat(18), "binary"),
    });
    mock.store.completeRun(run.id, "success");

    const found = await runCli(args, { cwd: dir, env: { GITHUB_TOKEN: token } });
    expect(found.code, found.output).toBe(0);
    const body = JSON.parse(found.stdout);
    expect(body.run.id).toBe(run.id);
    expect(body.artifact.name).toBe("performance-baseline");
    expect(found.output).not.toContain(token);
  });
});
