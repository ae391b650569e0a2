import { type ChildProcess, spawn } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fingerprint } from "@perfgate/cli-kit/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type DownloadOptions, downloadArtifact, findLatestArtifact } from "../../src/index.ts";
import { makeZip } from "../zips.ts";
import {
  clean,
  type FakeGitHub,
  type FakeRoutes,
  failure,
  leftovers,
  REMEDY,
  repo,
  sig,
  startFakeGitHub,
  token,
} from "./helpers.ts";

// Item 5: every request is bounded. Real sockets that stall or trickle; the timeouts are made
// small through options, and only the outcome is asserted: the error code, a message naming the
// cause, a remedy saying what to do, and dest (and its parent) as before.
let work: string;
let dest: string;
let gh: FakeGitHub | undefined;
let before: Record<string, string>;
let zip: Buffer;

beforeEach(async () => {
  work = await mkdtemp(path.join(tmpdir(), "ac-hostile-t-"));
  dest = path.join(work, "dest");
  await mkdir(path.join(dest, "keep"), { recursive: true });
  await writeFile(path.join(dest, "keep", "precious.txt"), "do not lose me");
  await writeFile(path.join(dest, "baseline.json"), '{"old":true}');
  before = await fingerprint(dest);
  zip = await makeZip([
    { name: "baseline.json", content: `{"new":true,"pad":"${"x".repeat(50_000)}"}`, compress: false },
  ]);
});
afterEach(async () => {
  await gh?.close();
  gh = undefined;
  await rm(work, { recursive: true, force: true });
});

const small = { connectMs: 5_000, idleMs: 400, requestMs: 600, downloadMs: 20_000, minBytesPerSecond: 0 };

async function download(routes: FakeRoutes, extra: Partial<DownloadOptions> = {}) {
  gh = await startFakeGitHub(zip, routes);
  return downloadArtifact({
    repo,
    artifactId: 1,
    dest,
    token,
    apiUrl: gh.url,
    retry: { retries: 0, baseDelayMs: 5 },
    timeouts: small,
    ...extra,
  });
}

/** Nothing in dest changed and no staging folder was left beside it. */
async function unchanged() {
  expect(await fingerprint(dest)).toEqual(before);
  expect(await leftovers(work)).toEqual([]);
}

describe("blob storage that stalls or trickles ends with TIMEOUT", () => {
  it("storage accepts the connection and never answers", async () => {
    const err = await failure(download({ blob: () => {} }));
    expect(err).toMatchObject({ code: "TIMEOUT", name: "ServiceTimeout" });
    expect(err.message).toMatch(/from storage \(127\.0\.0\.1:\d+\).*sent nothing for too long.*idle timeout/);
    clean(err, REMEDY.timeout("timeouts.idleMs (--idle-timeout)"));
    await unchanged();
  });

  it("storage sends the headers and half the body, then stalls", async () => {
    const err = await failure(
      download({
        blob: (_q, res, ctx) => {
          res.writeHead(200, { "content-length": ctx.zip.length });
          res.write(ctx.zip.subarray(0, ctx.zip.length >> 1));
        },
      }),
    );
    expect(err).toMatchObject({ code: "TIMEOUT" });
    expect(err.message).toMatch(
      /from storage \(127\.0\.0\.1:\d+\): 127\.0\.0\.1:\d+ sent nothing for too long \(400 ms\) \(idle timeout, 400 ms\)$/,
    );
    clean(err, REMEDY.timeout("timeouts.idleMs (--idle-timeout)"));
    await unchanged();
  });

  it("storage trickles one byte at a time, never idle long enough for the idle timeout", async () => {
    const err = await failure(
      download(
        {
          blob: (_q, res, ctx) => {
            res.writeHead(200, { "content-length": ctx.zip.length });
            let i = 0;
            ctx.repeat(() => res.write(ctx.zip.subarray(i, ++i)), 100);
          },
        },
        { timeouts: { ...small, idleMs: 10_000, minBytesPerSecond: 1000, slowWindowMs: 800 } },
      ),
    );
    expect(err).toMatchObject({ code: "TIMEOUT" });
    expect(err.message).toMatch(/storage sent \d+ bytes in 800 ms, below 1000 bytes\/s \(low-speed timeout/);
    clean(err, REMEDY.timeout("timeouts.minBytesPerSecond / slowWindowMs (--min-speed)"));
    await unchanged();
  });

  it("a download that keeps moving but never finishes hits the overall timeout", async () => {
    const err = await failure(
      download(
        {
          blob: (_q, res, ctx) => {
            res.writeHead(200, { "content-length": ctx.zip.length });
            let i = 0;
            ctx.repeat(() => {
              res.write(ctx.zip.subarray(i, i + 10));
              i += 10;
            }, 50);
          },
        },
        { timeouts: { ...small, idleMs: 10_000, downloadMs: 1_000 } },
      ),
    );
    expect(err).toMatchObject({ code: "TIMEOUT" });
    expect(err.message).toContain("did not finish in time (overall timeout, 1 s)");
    clean(err, REMEDY.timeout("timeouts.downloadMs (--download-timeout)"));
    await unchanged();
  });

  it("a stalled storage is retried as configured, then reported", async () => {
    const err = await failure(download({ blob: () => {} }, { retry: { retries: 2, baseDelayMs: 5 } }));
    expect(err).toMatchObject({ code: "TIMEOUT" });
    expect(err.message).toMatch(/from storage \(127\.0\.0\.1:\d+\): .*sent nothing for too long/);
    clean(err, REMEDY.timeout("timeouts.idleMs (--idle-timeout)"));
    expect(gh?.hits.blob).toBe(3);
    await unchanged();
  });
});

describe("a REST API that stalls ends with TIMEOUT", () => {
  it("the artifact lookup never answers", async () => {
    const err = await failure(download({ artifact: () => {} }));
    expect(err).toMatchObject({ code: "TIMEOUT" });
    expect(err.message).toMatch(
      /^Looking up the artifact 1 of octo\/hostile: no complete answer from 127\.0\.0\.1:\d+ within 600 ms/,
    );
    clean(err, REMEDY.timeout("timeouts.requestMs (--request-timeout)"));
    await unchanged();
  });

  it("the artifact lookup sends its headers, never its body", async () => {
    const err = await failure(
      download({
        artifact: (_q, res) => {
          res.writeHead(200, { "content-type": "application/json" });
          res.write('{"id":1,');
        },
      }),
    );
    expect(err).toMatchObject({ code: "TIMEOUT" });
    expect(err.message).toMatch(
      /^Looking up the artifact 1 of octo\/hostile: no complete answer from 127\.0\.0\.1:\d+ within 600 ms/,
    );
    clean(err, REMEDY.timeout("timeouts.requestMs (--request-timeout)"));
    await unchanged();
  });

  it("the zip redirect never comes", async () => {
    const err = await failure(download({ zip: () => {} }));
    expect(err).toMatchObject({ code: "TIMEOUT" });
    expect(err.message).toMatch(
      /^Requesting the zip of the artifact 1 of octo\/hostile: no complete answer from 127\.0\.0\.1:\d+ within 600 ms/,
    );
    clean(err, REMEDY.timeout("timeouts.requestMs (--request-timeout)"));
    await unchanged();
  });

  it("listing the workflow's runs (find) never answers, and is retried before giving up", async () => {
    gh = await startFakeGitHub(zip, { runs: () => {} });
    const err = await failure(
      findLatestArtifact({
        repo,
        workflow: "ci.yml",
        name: "performance-baseline",
        token,
        apiUrl: gh.url,
        retry: { retries: 1, baseDelayMs: 5 },
        timeouts: small,
      }),
    );
    expect(err).toMatchObject({ code: "TIMEOUT" });
    expect(err.message).toContain("Listing runs of workflow 'ci.yml' in octo/hostile");
    expect(gh.hits.runs).toBe(2);
    clean(err, REMEDY.timeout("timeouts.requestMs (--request-timeout)"));
    await unchanged(); // find writes nothing
  });
});

describe("Retry-After is capped and announced", () => {
  it("storage's 429 with Retry-After: 100000 fails at once instead of sleeping 27 hours (default settings)", async () => {
    const err = await failure(
      download(
        {
          blob: (_q, res) => {
            res.writeHead(429, { "retry-after": "100000" });
            res.end();
          },
        },
        { retry: undefined, timeouts: undefined },
      ),
    );
    expect(err).toMatchObject({ code: "RATE_LIMITED", name: "RateLimited" });
    expect(err.message).toContain("storage answered HTTP 429 with Retry-After: 100000, a wait of 27.8 h");
    expect(err.message).toContain("more than the 60 s allowed; not waiting");
    expect(gh?.hits.blob).toBe(1);
    clean(err, REMEDY.rateLimited);
    await unchanged();
  });

  it("a Retry-After given as an HTTP date a day ahead is refused the same way", async () => {
    const err = await failure(
      download(
        {
          blob: (_q, res) => {
            res.writeHead(503, { "retry-after": new Date(Date.now() + 86_400_000).toUTCString() });
            res.end();
          },
        },
        { retry: { retries: 3 } },
      ),
    );
    expect(err).toMatchObject({ code: "RATE_LIMITED" });
    expect(err.message).toMatch(
      /storage answered HTTP 503 with Retry-After: .+ GMT, a wait of 24(\.0)? h, more than the 60 s allowed; not waiting\.$/,
    );
    clean(err, REMEDY.rateLimited);
    expect(gh?.hits.blob).toBe(1);
    await unchanged();
  });

  it("the REST API's 429 with Retry-After: 100000 fails at once with RATE_LIMITED (default settings)", async () => {
    const err = await failure(
      download(
        {
          artifact: (_q, res) => {
            res.writeHead(429, { "content-type": "application/json", "retry-after": "100000" });
            res.end(JSON.stringify({ message: "API rate limit exceeded" }));
          },
        },
        { retry: undefined, timeouts: undefined },
      ),
    );
    expect(err).toMatchObject({ code: "RATE_LIMITED" });
    expect(err.message).toContain("GitHub answered 429, rate limited (API rate limit exceeded)");
    expect(err.message).toContain("Retry-After: 100000");
    expect(gh?.hits.artifact).toBe(1);
    clean(err, REMEDY.rateLimited);
    await unchanged();
  });
});

describe("an AbortSignal stops everything and leaves nothing behind", () => {
  it("aborting during a stalled blob download", async () => {
    const stop = new AbortController();
    const p = download(
      {
        blob: (_q, res, ctx) => {
          res.writeHead(200, { "content-length": ctx.zip.length });
          res.write(ctx.zip.subarray(0, 100));
          ctx.later(() => stop.abort(new Error("test abort")), 50);
        },
      },
      { timeouts: { ...small, idleMs: 60_000 }, signal: stop.signal },
    );
    const err = await failure(p);
    expect(err).toMatchObject({ code: "INTERRUPTED", name: "Interrupted" });
    expect(err.message).toMatch(
      /^Downloading the zip of the artifact 1 of octo\/hostile from storage \(127\.0\.0\.1:\d+\): stopped \(test abort\); nothing was written to the destination\.$/,
    );
    clean(err, REMEDY.interrupted);
    await unchanged();
  });

  it("aborting during a stalled REST request is not retried", async () => {
    const stop = new AbortController();
    const p = download(
      { artifact: (_q, _r, ctx) => ctx.later(() => stop.abort(), 50) },
      { timeouts: { ...small, requestMs: 60_000 }, signal: stop.signal, retry: { retries: 3, baseDelayMs: 2_000 } },
    );
    const err = await failure(p);
    expect(err).toMatchObject({ code: "INTERRUPTED" });
    expect(err.message).toMatch(
      /^Looking up the artifact 1 of octo\/hostile: .*stopped \(aborted by the caller\); nothing was written to the destination\.$/,
    );
    clean(err, REMEDY.interrupted);
    expect(gh?.hits.artifact).toBe(1);
    await unchanged();
  });

  it("a signal aborted before the call makes no request at all", async () => {
    const err = await failure(download({}, { signal: AbortSignal.abort() }));
    expect(err).toMatchObject({ code: "INTERRUPTED" });
    expect(err.message).toMatch(/: stopped \((This operation was aborted|aborted by the caller)\)/);
    clean(err, REMEDY.interrupted);
    expect(gh?.hits).toEqual({});
    await unchanged();
  });
});

describe("dropped connections name the host and what happened", () => {
  it("storage resets the connection mid-body", async () => {
    const err = await failure(
      download({
        blob: (req, res, ctx) => {
          res.writeHead(200, { "content-length": ctx.zip.length });
          res.write(ctx.zip.subarray(0, 100), () => req.socket.resetAndDestroy());
        },
      }),
    );
    expect(err).toMatchObject({ code: "CONNECTION_FAILED", name: "ConnectionFailed" });
    expect(err.message).toMatch(/the connection to 127\.0\.0\.1:\d+ (was reset|was closed)/);
    expect(err.message).not.toContain(sig);
    clean(err, REMEDY.storageUnreachable);
    await unchanged();
  });
});

describe("a storage host that never completes the connection (item 5's connect timeout)", () => {
  let holder: ChildProcess | undefined;
  const fillers: net.Socket[] = [];
  afterEach(() => {
    for (const s of fillers.splice(0)) s.destroy();
    holder?.kill("SIGKILL");
    holder = undefined;
  });

  /**
   * A port on 127.0.0.1 where connect() hangs, without leaving loopback: a process listens with a
   * backlog of 1 and never accepts (its one thread is blocked in Atomics.wait). Once connections
   * fill its accept queue, Linux drops every further SYN (tcp_abort_on_overflow is 0 by default),
   * so a client's connect keeps retrying until its own timeout. Returns once a connect hangs.
   */
  async function unconnectablePort(): Promise<number> {
    holder = spawn(
      process.execPath,
      [
        "-e",
        `const s = require("node:net").createServer();
         s.listen({ port: 0, host: "127.0.0.1", backlog: 1 }, () => {
           process.stdout.write(s.address().port + "\\n");
           Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 600000);
         });`,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    const port = Number(
      await new Promise<string>((resolve) => holder!.stdout!.once("data", (d) => resolve(String(d)))),
    );
    for (let i = 0; i < 8; i++) {
      const socket = net.connect(port, "127.0.0.1");
      fillers.push(socket);
      const connected = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), 300);
        socket.once("connect", () => {
          clearTimeout(timer);
          resolve(true);
        });
        socket.once("error", () => resolve(false));
      });
      if (!connected) return port; // the queue is full: this SYN was dropped, and so will the client's be
    }
    throw new Error(`the listen backlog of 127.0.0.1:${port} never filled`);
  }

  it("storage's connect never completes: TIMEOUT naming the connect timeout and host:port, dest untouched", async () => {
    const port = await unconnectablePort();
    const started = Date.now();
    const err = await failure(
      download(
        {
          zip: (_q, res) => {
            res.writeHead(302, { location: `http://127.0.0.1:${port}/blob/1?${sig}` });
            res.end();
          },
        },
        { timeouts: { ...small, connectMs: 500, idleMs: 20_000 } },
      ),
    );
    expect(err).toMatchObject({ code: "TIMEOUT", name: "ServiceTimeout" });
    expect(err.message).toBe(
      `Downloading the zip of the artifact 1 of octo/hostile from storage (127.0.0.1:${port}): no connection to 127.0.0.1:${port} (connect timeout, 500 ms)`,
    );
    clean(err, REMEDY.timeout("timeouts.connectMs (--connect-timeout)"));
    expect(Date.now() - started).toBeLessThan(10_000); // the connect timeout, not the 20 s idle one
    await unchanged();
  });
});
