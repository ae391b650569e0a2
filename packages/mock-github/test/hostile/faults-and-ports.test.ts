import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MockGithubError, type MockServer, startMockServer } from "../../src/index.ts";
import { control } from "../helpers.ts";

const auth = { authorization: "token t" };
let server: MockServer;
beforeAll(async () => {
  server = await startMockServer();
});
afterAll(() => server?.close());

const faults = async () => (await (await fetch(`${server.url}/_mock/faults`)).json()) as { faults: unknown[] };

describe("injected faults can be seen and cleared", () => {
  it("GET /_mock/faults lists the queue in order with what remains", async () => {
    await control(server.url, "faults", { count: 2, kind: "500" });
    await control(server.url, "faults", { count: 1, kind: "429" });
    expect(await faults()).toEqual({
      faults: [
        { kind: "500", remaining: 2 },
        { kind: "429", remaining: 1 },
      ],
    });
    expect((await fetch(`${server.url}/repos/o/r/actions/runs`, { headers: auth })).status).toBe(500);
    expect(await faults()).toEqual({
      faults: [
        { kind: "500", remaining: 1 },
        { kind: "429", remaining: 1 },
      ],
    });
  });

  it("DELETE /_mock/faults clears them so they do not strike the next client", async () => {
    const res = await fetch(`${server.url}/_mock/faults`, { method: "DELETE" });
    expect(await res.json()).toEqual({ cleared: 2 });
    expect(await faults()).toEqual({ faults: [] });
    expect((await fetch(`${server.url}/repos/o/r/actions/runs`, { headers: auth })).status).toBe(200);
  });

  it("a cross-site DELETE is refused and clears nothing", async () => {
    await control(server.url, "faults", { count: 1, kind: "reset" });
    const res = await fetch(`${server.url}/_mock/faults`, {
      method: "DELETE",
      headers: { origin: "http://evil.test" },
    });
    expect(res.status).toBe(403);
    expect(await faults()).toEqual({ faults: [{ kind: "reset", remaining: 1 }] });
    await fetch(`${server.url}/_mock/faults`, { method: "DELETE" });
  });
});

describe("a port already in use", () => {
  let blocker: http.Server;
  let port = 0;
  beforeAll(async () => {
    blocker = http.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    port = (blocker.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => blocker.close(() => resolve())));

  it("startMockServer names the port and the remedy, and leaves the state dir free", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "mock-github-port-"));
    try {
      const error = await startMockServer({ port, stateDir: dir }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MockGithubError);
      expect(error).toMatchObject({
        code: "PORT_IN_USE",
        message: expect.stringContaining(`Port ${port} on 127.0.0.1 is already in use`),
        remedy: expect.stringMatching(/--port 0/),
      });
      const again = await startMockServer({ stateDir: dir }); // not left owned by the failed attempt
      await again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the CLI exits 2 with the port, the remedy and no stack trace", { timeout: 60_000 }, async () => {
    const cli = path.join(import.meta.dirname, "../../src/cli.ts");
    const result = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", cli, "serve", "--port", String(port)],
      {
        cwd: path.join(import.meta.dirname, "../.."),
        timeout: 50_000,
      },
    ).then(
      () => ({ code: 0, stderr: "" }),
      (e: { code: number; stderr: string }) => e,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^mock-github: error: .*\n {2}remedy: /);
    expect(result.stderr).toContain(`Port ${port} on 127.0.0.1 is already in use`);
    expect(result.stderr).toMatch(/remedy: .*--port 0/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
