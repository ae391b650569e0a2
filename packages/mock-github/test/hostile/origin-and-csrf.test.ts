import { chmodSync, mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockServer, startMockServer } from "../../src/index.ts";
import { control, registerRun, uploadRaw } from "../helpers.ts";
import { rawRequest } from "./raw.ts";

let server: MockServer;
let runId = 0;
let artifactId = 0;
beforeAll(async () => {
  server = await startMockServer();
  const run = await registerRun(server.url, { repo: "octo/host" });
  runId = run.id;
  artifactId = await uploadRaw(server.url, run.runtimeToken, "a", Buffer.from("a"));
});
afterAll(() => server?.close());

const auth = { authorization: "token t" };

describe("Host header and origins (DNS rebinding, forged links)", () => {
  it("answers 421 to a foreign Host instead of a signed URL pointing there", async () => {
    const res = await rawRequest(`${server.url}/repos/octo/host/actions/artifacts/${artifactId}/zip`, {
      headers: { ...auth, host: "evil.example.com" },
    });
    expect(res.status).toBe(421);
    expect(res.headers.location).toBeUndefined();
    expect(res.body).not.toMatch(/sig=/);
  });

  it("answers 421 to a foreign Host on the control API (a rebinding page cannot drive it)", async () => {
    const res = await rawRequest(`${server.url}/_mock/state`, { headers: { host: "attacker.test:80" } });
    expect(res.status).toBe(421);
    expect(res.body).not.toMatch(/runtimeToken|backend/);
  });

  it("builds links from its own origin when reached as localhost", async () => {
    const port = new URL(server.url).port;
    const res = await rawRequest(`${server.url}/repos/octo/host/actions/runs/${runId}/artifacts`, {
      headers: { ...auth, host: `localhost:${port}` },
    });
    expect(res.status).toBe(200);
    const body = JSON.parse(res.body) as { artifacts: { url: string }[] };
    expect(body.artifacts[0]!.url.startsWith(`${server.url}/`)).toBe(true);
  });

  it("does not serve an absolute-form request target (a proxy request)", async () => {
    const res = await rawRequest(server.url, { path: `http://evil.example.com/_mock/state` });
    expect(res.status).toBe(404);
  });

  it("answers 421 on the blob port too", async () => {
    const res = await rawRequest(`${server.blobUrl}/mockstorage/actions-results/x.zip`, {
      headers: { host: "evil:1" },
    });
    expect(res.status).toBe(421);
  });
});

describe("cross-site requests to the control API (CSRF)", () => {
  it("refuses a text/plain POST (a form or simple fetch) and registers nothing", async () => {
    const runs = server.store.snapshot().runs.length;
    const res = await fetch(`${server.url}/_mock/runs`, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: JSON.stringify({ repo: "o/r", workflow: "ci.yml", branch: "main", event: "push", sha: "x" }),
    });
    expect(res.status).toBe(415);
    expect(await res.json()).toMatchObject({ error: expect.stringMatching(/JSON/), remedy: expect.any(String) });
    expect(server.store.snapshot().runs.length).toBe(runs);
  });

  it("refuses a bodiless POST without content type and expires nothing", async () => {
    const res = await fetch(`${server.url}/_mock/artifacts/${artifactId}/expire`, { method: "POST" });
    expect(res.status).toBe(415);
    expect(server.store.getArtifact(artifactId)!.expired).toBe(false);
  });

  it("refuses a JSON POST from another site's Origin and queues no fault", async () => {
    const res = await fetch(`${server.url}/_mock/faults`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://evil.example.com" },
      body: JSON.stringify({ count: 5, kind: "500" }),
    });
    expect(res.status).toBe(403);
    expect(server.store.listFaults()).toEqual([]);
  });

  it("accepts the same requests from its own origin", async () => {
    const res = await control(server.url, "clock", { now: null });
    expect(res.status).toBe(200);
  });
});

describe("the state file holds the signing secret", () => {
  it("is written with mode 600, and a 644 file from before is tightened on open", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "mock-github-mode-"));
    try {
      const first = await startMockServer({ stateDir: dir });
      await registerRun(first.url);
      await first.close();
      const file = path.join(dir, "state.json");
      expect(statSync(file).mode & 0o777).toBe(0o600);
      chmodSync(file, 0o644);
      const second = await startMockServer({ stateDir: dir });
      expect(statSync(file).mode & 0o777).toBe(0o600);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
