import { mkdtemp, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { startMockServer } from "@perfgate/mock-github";
import { fingerprint } from "@perfgate/cli-kit/testing";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { uploadArtifact } from "../../src/index.ts";
import { failure, REMEDY, reapChildren, refusedCli, repo, runCli } from "./helpers.ts";

// The upload path, as far as we control it: GitHub's client has no deadline of its own, so a
// results service that never answers must still end the call (and the CLI) with TIMEOUT. Each:
// the code, the cause, the remedy, and the files to upload (work/) hashed unchanged.
let mock: Awaited<ReturnType<typeof startMockServer>>;
let stalled: http.Server;
let stalledUrl: string;
let stalledHits = 0;
let work: string;
let runtimeToken: string;
const saved = { ...process.env };

beforeAll(async () => {
  mock = await startMockServer();
  const res = await fetch(`${mock.url}/_mock/runs`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ repo, workflow: "ci.yml", branch: "main", event: "push", sha: "c".repeat(40) }),
  });
  runtimeToken = ((await res.json()) as { runtimeToken: string }).runtimeToken;
  stalled = http.createServer(() => {
    stalledHits++; // accepts every request, answers none
  });
  await new Promise<void>((resolve) => stalled.listen(0, "127.0.0.1", resolve));
  stalledUrl = `http://127.0.0.1:${(stalled.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  stalled.closeAllConnections();
  await new Promise((resolve) => stalled.close(resolve));
  await mock.close();
});
let before: Record<string, string>;
beforeEach(async () => {
  work = await mkdtemp(path.join(tmpdir(), "ac-hostile-u-"));
  await writeFile(path.join(work, "b.json"), "{}");
  before = await fingerprint(work);
});
afterEach(async () => {
  expect(await reapChildren()).toBe(0);
  expect(await fingerprint(work)).toEqual(before); // the files to upload, untouched
  for (const k of ["ACTIONS_RUNTIME_TOKEN", "ACTIONS_RESULTS_URL"]) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  await rm(work, { recursive: true, force: true });
});

describe("an upload to a results service that never answers", () => {
  it("uploadArtifact with timeoutMs rejects with TIMEOUT naming the service", async () => {
    process.env.ACTIONS_RUNTIME_TOKEN = runtimeToken;
    process.env.ACTIONS_RESULTS_URL = stalledUrl;
    const err = await failure(uploadArtifact("performance-baseline", [path.join(work, "b.json")], { timeoutMs: 800 }));
    expect(err).toMatchObject({ code: "TIMEOUT" });
    expect(err.message).toMatch(
      /^Uploading artifact 'performance-baseline' to 127\.0\.0\.1:\d+: the artifact service did not finish within 800 ms/,
    );
    expect(err.remedy).toMatch(REMEDY.timeout("timeoutMs (--timeout)"));
    expect(err.message + err.remedy).not.toContain(runtimeToken);
  });

  it("an AbortSignal ends it at once with INTERRUPTED", async () => {
    process.env.ACTIONS_RUNTIME_TOKEN = runtimeToken;
    process.env.ACTIONS_RESULTS_URL = stalledUrl;
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 100);
    const err = await failure(
      uploadArtifact("performance-baseline", [path.join(work, "b.json")], { signal: stop.signal }),
    );
    expect(err).toMatchObject({ code: "INTERRUPTED" });
    expect(err.message).toMatch(/^Uploading artifact 'performance-baseline'.*: stopped \(/);
    expect(err.remedy).toMatch(REMEDY.interrupted);
  });

  it("the CLI with --timeout 1: exit 2 with TIMEOUT, and the process ends although GitHub's client is still waiting", async () => {
    const r = await runCli(["upload", "--name", "performance-baseline", "--timeout", "1", path.join(work, "b.json")], {
      ACTIONS_RUNTIME_TOKEN: runtimeToken,
      ACTIONS_RESULTS_URL: stalledUrl,
    });
    refusedCli(r, {
      code: 2,
      message:
        /^Uploading artifact 'performance-baseline' to 127\.0\.0\.1:\d+: the artifact service did not finish within 1 s/,
      remedy: REMEDY.timeout("timeoutMs (--timeout)"),
    });
    expect(r.stdout + r.stderr).not.toContain(runtimeToken);
  });

  it("the CLI with --timeout 0 is a usage error before anything is sent", async () => {
    const r = await runCli(["upload", "--name", "performance-baseline", "--timeout", "0", path.join(work, "b.json")], {
      ACTIONS_RUNTIME_TOKEN: runtimeToken,
      ACTIONS_RESULTS_URL: stalledUrl,
    });
    const hits = stalledHits;
    refusedCli(r, {
      code: 2,
      message: /^--timeout "0" must be more than 0 seconds\.$/,
      remedy: /^Give --timeout a number of seconds above 0/,
    });
    expect(stalledHits).toBe(hits); // nothing was sent
  });
});
