import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { control, registerRun, uploadRaw } from "../helpers.ts";
import { rawRequest } from "./raw.ts";
import { expectRefused, type Served, serveWithState } from "./served.ts";

// Item 16 of issue 11: a forged Host (DNS rebinding, forged links) and cross-site requests to the
// control API. Each refusal: its status, the cause, a remedy, and the state directory as before;
// where it helps, the same request done right is then accepted (the refusal is about that one thing).
let mock: Served & { close(): Promise<void> };
let runId = 0;
let artifactId = 0;
beforeAll(async () => {
  mock = await serveWithState("origin");
  const run = await registerRun(mock.url, { repo: "octo/host" });
  runId = run.id;
  artifactId = await uploadRaw(mock.url, run.runtimeToken, "a", Buffer.from("a"));
});
afterAll(() => mock?.close());

const auth = { authorization: "token t" };
const MISDIRECTED = /^Misdirected Request: this server answers for http:\/\/127\.0\.0\.1:\d+, not for Host '/;
const CONNECT_AS = /^Connect as http:\/\/127\.0\.0\.1:\d+ \(or localhost with that port\), with that Host/;

describe("Host header and origins (DNS rebinding, forged links)", () => {
  it("answers 421 to a foreign Host instead of a signed URL pointing there; as localhost it links to its own origin", async () => {
    const before = await mock.state();
    const res = await rawRequest(`${mock.url}/repos/octo/host/actions/artifacts/${artifactId}/zip`, {
      headers: { ...auth, host: "evil.example.com" },
    });
    await expectRefused(res, { status: 421, message: MISDIRECTED, remedy: CONNECT_AS });
    expect(res.headers.location).toBeUndefined();
    expect(res.body).not.toMatch(/sig=|evil\.example\.com\//);
    expect(await mock.state()).toEqual(before);

    const port = new URL(mock.url).port;
    const ok = await rawRequest(`${mock.url}/repos/octo/host/actions/runs/${runId}/artifacts`, {
      headers: { ...auth, host: `localhost:${port}` },
    });
    expect(ok.status).toBe(200);
    const body = JSON.parse(ok.body) as { artifacts: { url: string }[] };
    expect(body.artifacts[0]!.url.startsWith(`${mock.url}/`)).toBe(true);
  });

  it("answers 421 to a foreign Host on the control API (a rebinding page cannot drive it)", async () => {
    const before = await mock.state();
    const res = await rawRequest(`${mock.url}/_mock/state`, { headers: { host: "attacker.test:80" } });
    const r = await expectRefused(res, { status: 421, message: MISDIRECTED, remedy: CONNECT_AS });
    expect(r.message).toContain("'attacker.test:80'");
    expect(res.body).not.toMatch(/runtimeToken|backend/);
    expect(await mock.state()).toEqual(before);
  });

  it("does not serve an absolute-form request target (a proxy request)", async () => {
    const before = await mock.state();
    const res = await rawRequest(mock.url, { path: "http://evil.example.com/_mock/state" });
    await expectRefused(res, {
      status: 404,
      message:
        /^Not Found: this server is not a proxy; the request target 'http:\/\/evil\.example\.com\/_mock\/state' is not a path\.$/,
      remedy: /^Request the path itself on http:\/\/127\.0\.0\.1:\d+ \(e\.g\. GET \/_mock\/state\), not a full URL\.$/,
    });
    expect(res.body).not.toMatch(/runtimeToken|backend/);
    expect(await mock.state()).toEqual(before);
  });

  it("answers 421 on the blob port too", async () => {
    const before = await mock.state();
    const res = await rawRequest(`${mock.server.blobUrl}/mockstorage/actions-results/x.zip`, {
      headers: { host: "evil:1" },
    });
    const r = await expectRefused(res, {
      status: 421,
      message: /^Misdirected Request: this server answers for http:\/\/127\.0\.0\.1:\d+, not for Host 'evil:1'/,
      remedy: /^Connect as http:\/\/127\.0\.0\.1:\d+/,
    });
    expect(r.message).toContain(mock.server.blobUrl);
    expect(await mock.state()).toEqual(before);
  });
});

describe("cross-site requests to the control API (CSRF)", () => {
  const run = { repo: "o/r", workflow: "ci.yml", branch: "main", event: "push", sha: "x" };

  it("refuses a text/plain POST (a form or simple fetch) and registers nothing; as JSON it registers", async () => {
    const before = await mock.state();
    const res = await fetch(`${mock.url}/_mock/runs`, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: JSON.stringify(run),
    });
    await expectRefused(res, {
      status: 415,
      message: /^The control API takes JSON bodies; this POST has content-type 'text\/plain'\.$/,
      remedy: /^Send 'content-type: application\/json' \(even with an empty body\)/,
    });
    expect(await mock.state()).toEqual(before);
    expect((await control(mock.url, "runs", run)).status).toBe(201);
  });

  it("refuses a bodiless POST without content type and expires nothing", async () => {
    const before = await mock.state();
    const res = await fetch(`${mock.url}/_mock/artifacts/${artifactId}/expire`, { method: "POST" });
    await expectRefused(res, {
      status: 415,
      message: /^The control API takes JSON bodies; this POST has content-type 'none'\.$/,
      remedy: /^Send 'content-type: application\/json'/,
    });
    expect(mock.server.store.getArtifact(artifactId)!.expired).toBe(false);
    expect(await mock.state()).toEqual(before);
  });

  it("refuses a JSON POST from another site's Origin and queues no fault; from its own origin it is accepted", async () => {
    const before = await mock.state();
    const res = await fetch(`${mock.url}/_mock/faults`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://evil.example.com" },
      body: JSON.stringify({ count: 5, kind: "500" }),
    });
    await expectRefused(res, {
      status: 403,
      message: /^The control API does not answer requests from another site \(Origin: http:\/\/evil\.example\.com\)\.$/,
      remedy: /^Call \/_mock\/ from a script or test, not from a web page\.$/,
    });
    expect(mock.server.store.listFaults()).toEqual([]);
    expect(await mock.state()).toEqual(before);
    const own = await fetch(`${mock.url}/_mock/clock`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: mock.url },
      body: JSON.stringify({ now: null }),
    });
    expect(own.status).toBe(200);
  });
});
