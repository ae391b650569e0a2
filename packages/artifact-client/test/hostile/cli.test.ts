import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fingerprint } from "@perfgate/cli-kit/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeZip } from "../zips.ts";
import {
  downloadArgs,
  type FakeGitHub,
  leftovers,
  REMEDY,
  reapChildren,
  refusedCli,
  runCli,
  startCli,
  startFakeGitHub,
  until,
} from "./helpers.ts";

// The CLI as a user runs it (its own process, real sockets): bad numbers are usage errors before
// any request (items 2 and 15), a stall or a long Retry-After ends with a typed error, and a
// signal removes the staging folder (item 5). Each: the exit code, the cause, the remedy, and
// work/ (dest and beside it) hashed unchanged. Every child is reaped in teardown.
let work: string;
let dest: string;
let gh: FakeGitHub | undefined;
let before: Record<string, string>;

beforeEach(async () => {
  work = await mkdtemp(path.join(tmpdir(), "ac-hostile-c-"));
  dest = path.join(work, "dest");
  await mkdir(dest);
  await writeFile(path.join(dest, "baseline.json"), '{"old":true}');
  before = await fingerprint(work);
});
afterEach(async () => {
  expect(await reapChildren()).toBe(0); // no CLI process outlived its test
  await gh?.close();
  gh = undefined;
  await rm(work, { recursive: true, force: true });
});

const zip = () => makeZip([{ name: "baseline.json", content: '{"new":true}' }]);
const download = (extra: string[], apiUrl = gh?.url ?? "http://127.0.0.1:1") => downloadArgs(dest, apiUrl, extra);

/** What each flag kind's remedy says it takes. */
const TAKES = {
  whole: "a whole number of at least 1",
  seconds: "a number of seconds above 0 and at most a week \\(604800\\)",
  retries: "a whole number from 0 to 10",
  wait: "a number of seconds from 0 \\(never wait\\) to a week \\(604800\\)",
};

async function usageError(flag: string, value: string, says: RegExp, takes: string) {
  gh = await startFakeGitHub(await zip());
  const r = await runCli(download([flag, value]));
  const name = /^--[a-z-]+/.exec(flag)![0];
  refusedCli(r, {
    code: 2,
    message: says,
    remedy: new RegExp(`^Give ${name} ${takes}.*; nothing was run or written`),
  });
  expect(gh.hits).toEqual({}); // refused before any request
  expect(await fingerprint(work)).toEqual(before);
}

describe("numeric flags are validated (exit 2, before any request)", () => {
  it("--max-entries abc", () =>
    usageError("--max-entries", "abc", /^--max-entries "abc" must be a whole number\.$/, TAKES.whole));
  it("--max-bytes 0", () => usageError("--max-bytes", "0", /^--max-bytes "0" must be at least 1\.$/, TAKES.whole));
  it("--max-bytes 1.5", () =>
    usageError("--max-bytes", "1.5", /--max-bytes "1.5" must be a whole number/, TAKES.whole));
  it("--max-entries=-5", () =>
    usageError("--max-entries=-5", "--json", /--max-entries "-5" must be a whole number/, TAKES.whole));
  it("--idle-timeout 0", () =>
    usageError("--idle-timeout", "0", /--idle-timeout "0" must be more than 0 seconds/, TAKES.seconds));
  it("--request-timeout soon", () =>
    usageError("--request-timeout", "soon", /--request-timeout "soon" must be a number of seconds/, TAKES.seconds));
  it("--retries 11", () =>
    usageError("--retries", "11", /--retries "11" must be a whole number from 0 to 10/, TAKES.retries));
  it("--max-wait -1", () =>
    usageError("--max-wait=-1", "--json", /--max-wait "-1" must be a number of seconds/, TAKES.wait));

  it("--json carries the usage error as {error:{code,message,remedy}} too", async () => {
    gh = await startFakeGitHub(await zip());
    const r = await runCli(download(["--max-bytes", "0", "--json"]));
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toEqual({
      error: {
        code: "INVALID_OPTIONS",
        message: '--max-bytes "0" must be at least 1.',
        remedy:
          "Give --max-bytes a whole number of at least 1; nothing was run or written (`perfgate artifact <command> --help` lists the flags).",
      },
    });
    expect(gh.hits).toEqual({});
    expect(await fingerprint(work)).toEqual(before);
  });
});

describe("numbers that go into an API field are checked while parsing (item 2: exit 2, nothing sent)", () => {
  /** A results service that counts what reaches it (and answers nothing useful). */
  async function countingService(): Promise<{ url: string; hits: () => number; close(): Promise<void> }> {
    let hits = 0;
    const server = http.createServer((_q, res) => {
      hits++;
      res.writeHead(500);
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
      hits: () => hits,
      close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
  }

  const uploads: [string, string, string, string][] = [
    ["--retention-days", "abc", "is not a number", "a whole number of days from 1 to 90"],
    ["--retention-days", "91", "is out of range", "a whole number of days from 1 to 90"],
    ["--compression-level", "10", "is out of range", "a whole number from 0 to 9 \\(0 stores, 9 packs hardest\\)"],
  ];
  for (const [flag, value, says, range] of uploads) {
    it(`upload ${flag} ${value}: the flag, the value and the range, not "received NaN"`, async () => {
      const service = await countingService();
      try {
        const file = path.join(dest, "baseline.json");
        const r = await runCli(["upload", "--name", "performance-baseline", flag, value, file], {
          ACTIONS_RUNTIME_TOKEN: "unused.token.here",
          ACTIONS_RESULTS_URL: service.url,
        });
        refusedCli(r, {
          code: 2,
          message: new RegExp(`^${flag} "${value}" ${says}; it takes ${range}\\.$`),
          remedy: new RegExp(`^Give ${flag} ${range}, e\\.g\\. \`${flag} \\d+\`; nothing was run or written\\.$`),
        });
        expect(r.stderr).not.toMatch(/NaN|retentionDays|compressionLevel/);
        expect(service.hits()).toBe(0);
        expect(await fingerprint(work)).toEqual(before);
      } finally {
        await service.close();
      }
    });
  }

  it("download --artifact-id abc: refused before any request", async () => {
    gh = await startFakeGitHub(await zip());
    const r = await runCli(downloadArgs(dest, gh.url, [], "abc"));
    refusedCli(r, {
      code: 2,
      message: /^--artifact-id "abc" is not a number; it takes a whole number of at least 1\.$/,
      remedy: /^Give --artifact-id a whole number of at least 1, e\.g\. `--artifact-id 1234567`/,
    });
    expect(gh.hits).toEqual({});
    expect(await fingerprint(work)).toEqual(before);
  });
});

describe("the CLI never hangs on a stalled service", () => {
  it("stalled storage with --idle-timeout 0.5: exit 2, TIMEOUT naming host:port, token and signature never printed", async () => {
    gh = await startFakeGitHub(await zip(), { blob: () => {} });
    const r = await runCli(download(["--idle-timeout", "0.5", "--retries", "1", "--json"]));
    refusedCli(r, {
      code: 2,
      message:
        /^Downloading the zip of the artifact 1 of octo\/hostile from storage \(127\.0\.0\.1:\d+\): 127\.0\.0\.1:\d+ sent nothing for too long \(500 ms\) \(idle timeout, 500 ms\)$/,
      remedy: REMEDY.timeout("timeouts.idleMs (--idle-timeout)"),
    });
    expect(JSON.parse(r.stdout).error.code).toBe("TIMEOUT");
    expect(await fingerprint(work)).toEqual(before);
  });

  it("Retry-After: 100000 from storage: exit 2 at once with RATE_LIMITED, not a 27-hour sleep", async () => {
    gh = await startFakeGitHub(await zip(), {
      blob: (_q, res) => {
        res.writeHead(429, { "retry-after": "100000" });
        res.end();
      },
    });
    const r = await runCli(download(["--json"]));
    refusedCli(r, {
      code: 2,
      message:
        /storage answered HTTP 429 with Retry-After: 100000, a wait of 27\.8 h, more than the 60 s allowed; not waiting\.$/,
      remedy: REMEDY.rateLimited,
    });
    expect(JSON.parse(r.stdout).error.code).toBe("RATE_LIMITED");
    expect(gh.hits.blob).toBe(1);
    expect(await fingerprint(work)).toEqual(before);
  });

  it("the API refuses connections: exit 2, CONNECTION_FAILED names 127.0.0.1:port, remedy names --api-url", async () => {
    gh = await startFakeGitHub(await zip());
    const closed = gh.url;
    await gh.close();
    gh = undefined;
    const r = await runCli(download(["--retries", "0"], closed));
    refusedCli(r, {
      code: 2,
      message: new RegExp(
        `^Looking up the artifact 1 of octo/hostile: the connection to ${closed.replace("http://", "").replace(/\./g, "\\.")} was refused \\(nothing listens there\\)\\.$`,
      ),
      remedy: REMEDY.apiUnreachable,
    });
    expect(r.stderr).not.toContain("fetch failed");
    expect(await fingerprint(work)).toEqual(before);
  });

  it("an API URL on a port fetch refuses (127.0.0.1:9, 'bad port'): the real cause at once, not 'fetch failed' after retries", async () => {
    const started = Date.now();
    const r = await runCli(download([], "http://127.0.0.1:9"));
    refusedCli(r, {
      code: 2,
      message:
        /^Looking up the artifact 1 of octo\/hostile: no connection to 127\.0\.0\.1:9 was attempted: fetch refuses port 9 \("bad port": the Fetch standard blocks ports of other protocols/,
      remedy: /^Serve the REST API on a port fetch allows and point --api-url \/ GITHUB_API_URL at it/,
    });
    expect(r.stderr).not.toContain("fetch failed");
    // Not retried (3 retries would wait 1 + 4 + 9 s): asking again gets the same answer.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await fingerprint(work)).toEqual(before);
  });
});

describe("a signal removes the staging folder and ends the command", () => {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    it(`${signal} during a stalled download: exit 128 + the signal's number, INTERRUPTED, no .dest.download-XXXX left, dest as it was`, async () => {
      gh = await startFakeGitHub(await zip(), {
        blob: (_q, res, ctx) => {
          res.writeHead(200, { "content-length": ctx.zip.length });
          res.write(ctx.zip.subarray(0, 10));
        },
      });
      const { child, done } = startCli(download([]));
      // The staging folder exists once the blob request is under way.
      await until(async () => (gh?.hits.blob ?? 0) > 0 && (await leftovers(work)).length > 0);
      child.kill(signal);
      const r = await done;
      refusedCli(r, {
        code: signal === "SIGINT" ? 130 : 143,
        message: new RegExp(`stopped \\(Stopped by ${signal}\\); nothing was written to the destination\\.$`),
        remedy: REMEDY.interrupted,
      });
      expect(r.stderr).toContain(`${signal} received, stopping`);
      expect(await readdir(work)).toEqual(["dest"]);
      expect(await fingerprint(work)).toEqual(before);
    });
  }
});
