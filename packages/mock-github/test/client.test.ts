import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMockClient, type MockClient, MockControlError, type MockServer, startMockServer } from "../src/index.ts";
import { uploadRaw } from "./helpers.ts";

let server: MockServer;
let mock: MockClient;
beforeAll(async () => {
  server = await startMockServer();
  mock = createMockClient(`${server.url}/`);
});
afterAll(() => server?.close());

describe("createMockClient", () => {
  it("registers workflows and runs, completes runs, expires artifacts, and reports documented state", async () => {
    const { workflows } = await mock.registerWorkflows("octo/cli", ["ci.yml", { file: "perf.yml", name: "Perf" }]);
    expect(workflows.map((w) => w.path)).toEqual([".github/workflows/ci.yml", ".github/workflows/perf.yml"]);
    const run = await mock.registerRun({
      repo: "octo/cli",
      workflow: "perf.yml",
      branch: "main",
      event: "push",
      sha: "c",
    });
    const artifactId = await uploadRaw(server.url, run.runtimeToken, "baseline", Buffer.from("b"));
    expect(await mock.completeRun(run.id, "success")).toEqual({
      id: run.id,
      status: "completed",
      conclusion: "success",
    });
    expect(await mock.expireArtifact(artifactId)).toMatchObject({ id: artifactId, expired: true });
    const state = await mock.state();
    expect(state.workflows).toContainEqual({
      id: expect.any(Number),
      repo: "octo/cli",
      file: "perf.yml",
      path: ".github/workflows/perf.yml",
      name: "Perf",
    });
    expect(state.runs.find((r) => r.id === run.id)).toMatchObject({ conclusion: "success", workflow: "perf.yml" });
    const artifact = state.artifacts.find((a) => a.id === artifactId)!;
    expect(artifact).toMatchObject({ name: "baseline", state: "finalized", expired: true, runId: run.id });
    // The storage records' internals stay inside the mock.
    for (const internal of ["backendId", "jobBackendId", "uploadId", "blobSha256", "blobSize", "expiredByControl"]) {
      expect(JSON.stringify(state)).not.toContain(`"${internal}"`);
    }
  });

  it("adds, lists and clears faults", async () => {
    await mock.faults.add(2, "429");
    expect(await mock.faults.list()).toEqual([{ kind: "429", remaining: 2 }]);
    expect(await mock.faults.clear()).toBe(2);
    expect(await mock.faults.list()).toEqual([]);
  });

  it("moves and releases the clock", async () => {
    expect(await mock.setClock(new Date("2030-01-02T03:04:05Z"))).toEqual({
      now: "2030-01-02T03:04:05.000Z",
      fixed: true,
    });
    expect(server.store.now().toISOString()).toBe("2030-01-02T03:04:05.000Z");
    expect((await mock.setClock(null)).fixed).toBe(false);
  });

  it("throws the mock's own message and remedy when a call is refused", async () => {
    const error = await mock.completeRun(424242, "success").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MockControlError);
    expect(error).toMatchObject({
      status: 404,
      message: expect.stringMatching(/404 to POST .*runs\/424242\/complete: No workflow run/),
    });
    const bad = await mock
      .registerRun({ repo: "bad", workflow: "ci.yml", branch: "b", event: "push", sha: "s" })
      .catch((e: unknown) => e);
    expect(bad).toMatchObject({
      status: 400,
      message: expect.stringMatching(/owner\/name/),
      remedy: expect.stringMatching(/README/),
    });
  });

  it("says the connection was refused when nothing listens", async () => {
    const probe = http.createServer();
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const error = await createMockClient(`http://127.0.0.1:${port}`)
      .state()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "MOCK_UNREACHABLE",
      message: expect.stringMatching(/refused/),
      status: undefined,
    });
  });
});
