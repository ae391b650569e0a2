import { randomBytes } from "node:crypto";
import { Octokit } from "@octokit/rest";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHandlers, createStore, type MockStore } from "../src/index.ts";
import { control, registerRun, uploadRaw } from "./helpers.ts";

// The same handlers in-process under msw's setupServer: no socket, any origin.
const origin = "https://api.github.example";
let store: MockStore;
const server = setupServer();

beforeAll(() => {
  store = createStore();
  server.use(...createHandlers(store));
  server.listen({ onUnhandledRequest: "error" });
});
afterAll(() => {
  server.close();
  store.close();
});

describe("createHandlers under setupServer", () => {
  it("serves the control API, the artifact service, blobs and REST, including the 302 download", async () => {
    const octokit = new Octokit({ auth: "t", baseUrl: origin });
    const runs = [];
    for (let i = 0; i < 5; i++) runs.push(await registerRun(origin, { repo: "o/msw", sha: `s${i}` }));
    const pages: number[] = [];
    for await (const page of octokit.paginate.iterator(octokit.rest.actions.listWorkflowRuns, {
      owner: "o",
      repo: "msw",
      workflow_id: "ci.yml",
      per_page: 2,
    })) {
      pages.push(page.data.length);
    }
    expect(pages).toEqual([2, 2, 1]);

    const bytes = randomBytes(256 * 1024);
    const id = await uploadRaw(origin, runs[0]!.runtimeToken, "baseline", bytes);
    const download = await octokit.rest.actions.downloadArtifact({
      owner: "o",
      repo: "msw",
      artifact_id: id,
      archive_format: "zip",
    });
    expect(Buffer.from(download.data as ArrayBuffer).equals(bytes)).toBe(true);
    expect((await control(origin, `artifacts/${id}/expire`)).status).toBe(200);
    await expect(
      octokit.rest.actions.downloadArtifact({ owner: "o", repo: "msw", artifact_id: id, archive_format: "zip" }),
    ).rejects.toMatchObject({
      status: 410,
    });
  });

  it("turns a reset fault into a network error and a 401 without token", async () => {
    await control(origin, "faults", { count: 1, kind: "reset" });
    await expect(
      fetch(`${origin}/repos/o/msw/actions/runs`, { headers: { authorization: "token t" } }),
    ).rejects.toThrow(TypeError);
    const res = await fetch(`${origin}/repos/o/msw/actions/runs`);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ message: "Requires authentication" });
  });
});
