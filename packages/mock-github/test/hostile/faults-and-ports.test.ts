import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { fingerprint } from "@perfgate/cli-kit/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MockGithubError, startMockServer } from "../../src/index.ts";
import { control, registerRun } from "../helpers.ts";
import { expectRefused, type Served, serveWithState } from "./served.ts";

// Items 18, 19 and 2 of issue 11 for the mock: a cross-site DELETE of the fault queue, a port in
// use, and bad --port values. Each: the outcome (HTTP status, error code or exit code), the cause,
// a remedy, and the state (state dir, fault queue) as before.
const cli = path.join(import.meta.dirname, "../../src/cli.ts");

/** `mock-github <args>` as its own process: exit code and output. */
async function mockCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return promisify(execFile)(process.execPath, ["--import", "tsx", cli, ...args], {
    cwd: path.join(import.meta.dirname, "../.."),
    timeout: 50_000,
  }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );
}

/** A state directory with a run in it, written by a server that is closed again. */
async function usedStateDir(work: string): Promise<string> {
  const dir = path.join(work, "state");
  const first = await startMockServer({ stateDir: dir });
  await registerRun(first.url, { repo: "octo/kept" });
  await first.close();
  return dir;
}

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), "mock-github-ports-"));
});
afterAll(() => rm(work, { recursive: true, force: true }));

describe("the fault queue", () => {
  let mock: Served & { close(): Promise<void> };
  beforeAll(async () => {
    mock = await serveWithState("faults");
  });
  afterAll(() => mock?.close());

  it("a cross-site DELETE is refused and clears nothing", async () => {
    await control(mock.url, "faults", { count: 1, kind: "reset" });
    const before = await mock.state();
    const res = await fetch(`${mock.url}/_mock/faults`, {
      method: "DELETE",
      headers: { origin: "http://evil.test" },
    });
    await expectRefused(res, {
      status: 403,
      message: /^The control API does not answer requests from another site \(Origin: http:\/\/evil\.test\)\.$/,
      remedy: /^Call \/_mock\/ from a script or test, not from a web page\.$/,
    });
    expect(mock.server.store.listFaults()).toEqual([{ kind: "reset", remaining: 1 }]);
    expect(await mock.state()).toEqual(before);
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

  it("startMockServer names the port and the remedy, and leaves the state dir as it was and free", async () => {
    const dir = await usedStateDir(await mkdtemp(path.join(work, "api-")));
    const before = await fingerprint(dir);
    const error = await startMockServer({ port, stateDir: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MockGithubError);
    expect(error).toMatchObject({
      code: "PORT_IN_USE",
      message: `Port ${port} on 127.0.0.1 is already in use, so mock-github cannot listen there.`,
      remedy: expect.stringMatching(/^Stop what listens on it .*pass another --port, or --port 0 for a free port\.$/),
    });
    expect(await fingerprint(dir)).toEqual(before);
    const again = await startMockServer({ stateDir: dir }); // not left owned by the failed attempt
    expect(again.store.listRuns({ repo: "octo/kept" })).toHaveLength(1);
    await again.close();
  });

  it("the CLI exits 2 with the port, the remedy and no stack trace", { timeout: 60_000 }, async () => {
    const dir = await usedStateDir(await mkdtemp(path.join(work, "cli-")));
    const before = await fingerprint(dir);
    const result = await mockCli(["serve", "--port", String(port), "--state", dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^mock-github: error: .*\n {2}remedy: .*\n$/);
    expect(result.stderr).toContain(`error: Port ${port} on 127.0.0.1 is already in use`);
    expect(result.stderr).toMatch(/remedy: Stop what listens on it .*--port 0 for a free port/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(await fingerprint(dir)).toEqual(before);
  });

  it("a state directory the failed start would have created is not left behind", { timeout: 60_000 }, async () => {
    const parent = await mkdtemp(path.join(work, "new-"));
    const before = await fingerprint(parent);
    const error = await startMockServer({ port, stateDir: path.join(parent, "a", "state") }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "PORT_IN_USE" });
    expect(await fingerprint(parent)).toEqual(before);
    const result = await mockCli(["serve", "--port", String(port), "--state", path.join(parent, "state")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`error: Port ${port} on 127.0.0.1 is already in use`);
    expect(await fingerprint(parent)).toEqual(before);
  });
});

describe("bad --port values: exit 2 before the state directory is created or anything listens", () => {
  const cases: [string[], string][] = [
    [["--port", "abc"], '--port "abc" is not a number'],
    [["--port", "70000"], '--port "70000" is out of range'],
    [["--blob-port=-1"], '--blob-port "-1" is out of range'],
    [["--port", "80.5"], '--port "80.5" is not a whole number'],
  ];
  for (const [flags, says] of cases) {
    it(`serve ${flags.join(" ")}`, { timeout: 60_000 }, async () => {
      const parent = await mkdtemp(path.join(work, "opt-"));
      const before = await fingerprint(parent);
      const r = await mockCli(["serve", ...flags, "--state", path.join(parent, "state")]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toBe(
        `mock-github: error: ${says}; it takes a whole number from 0 to 65535 (0 picks a free port)\n` +
          `  remedy: Give ${says.split(" ")[0]} a whole number from 0 to 65535 (0 picks a free port), e.g. \`${says.split(" ")[0]} 8080\`; nothing was run or written.\n`,
      );
      expect(await fingerprint(parent)).toEqual(before); // no state directory
    });
  }

  it("--json carries the same refusal as {error:{code,message,remedy}}", { timeout: 60_000 }, async () => {
    const parent = await mkdtemp(path.join(work, "opt-"));
    const r = await mockCli(["serve", "--port", "abc", "--state", path.join(parent, "state"), "--json"]);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toEqual({
      error: {
        code: "USAGE",
        message: '--port "abc" is not a number; it takes a whole number from 0 to 65535 (0 picks a free port)',
        remedy: expect.stringMatching(/^Give --port a whole number from 0 to 65535/),
      },
    });
    expect(await fingerprint(parent)).toEqual({ ".": expect.stringMatching(/^dir /) });
  });
});
