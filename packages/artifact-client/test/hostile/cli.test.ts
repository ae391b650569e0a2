import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeZip } from "../zips.ts";
import {
  type FakeGitHub,
  leftovers,
  reapChildren,
  repo,
  runCli,
  sig,
  snapshot,
  startCli,
  startFakeGitHub,
  token,
  until,
} from "./helpers.ts";

// The CLI as a user runs it (its own process, real sockets): bad numbers are usage errors before
// any request (item 15), a stall or a long Retry-After ends with a typed error, and a signal
// removes the staging folder (item 5). Every child is reaped in teardown.
let work: string;
let dest: string;
let gh: FakeGitHub | undefined;
let before: Record<string, string>;

beforeEach(async () => {
  work = await mkdtemp(path.join(tmpdir(), "ac-hostile-c-"));
  dest = path.join(work, "dest");
  await mkdir(dest);
  await writeFile(path.join(dest, "baseline.json"), '{"old":true}');
  before = await snapshot(work);
});
afterEach(async () => {
  expect(await reapChildren()).toBe(0); // no CLI process outlived its test
  await gh?.close();
  gh = undefined;
  await rm(work, { recursive: true, force: true });
});

const zip = () => makeZip([{ name: "baseline.json", content: '{"new":true}' }]);
const download = (extra: string[]) => [
  "download",
  "--repo",
  repo,
  "--artifact-id",
  "1",
  "--dest",
  dest,
  "--api-url",
  gh?.url ?? "http://127.0.0.1:9",
  ...extra,
];

async function usageError(flag: string, value: string, says: RegExp) {
  gh = await startFakeGitHub(await zip());
  const r = await runCli(download([flag, value]));
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(says);
  expect(r.stderr).toMatch(/^perfgate artifact: error: .*\n {2}remedy: .+\n$/);
  expect(gh.hits).toEqual({}); // refused before any request
  expect(await snapshot(work)).toEqual(before);
}

describe("numeric flags are validated (exit 2, before any request)", () => {
  it("--max-entries abc", () => usageError("--max-entries", "abc", /--max-entries "abc" must be a whole number/));
  it("--max-bytes 0", () => usageError("--max-bytes", "0", /--max-bytes "0" must be at least 1/));
  it("--max-bytes 1.5", () => usageError("--max-bytes", "1.5", /--max-bytes "1.5" must be a whole number/));
  it("--max-entries=-5", () => usageError("--max-entries=-5", "--json", /--max-entries "-5" must be a whole number/));
  it("--idle-timeout 0", () => usageError("--idle-timeout", "0", /--idle-timeout "0" must be more than 0 seconds/));
  it("--request-timeout soon", () =>
    usageError("--request-timeout", "soon", /--request-timeout "soon" must be a number of seconds/));
  it("--retries 11", () => usageError("--retries", "11", /--retries "11" must be a whole number from 0 to 10/));
  it("--max-wait -1", () => usageError("--max-wait=-1", "--json", /--max-wait "-1" must be a number of seconds/));

  it("--json carries the usage error as {error:{code,message,remedy}} too", async () => {
    gh = await startFakeGitHub(await zip());
    const r = await runCli(download(["--max-bytes", "0", "--json"]));
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toEqual({
      error: { code: "INVALID_OPTIONS", message: '--max-bytes "0" must be at least 1.', remedy: expect.any(String) },
    });
  });
});

describe("the CLI never hangs on a stalled service", () => {
  it("stalled storage with --idle-timeout 0.5: exit 2, TIMEOUT naming host:port, token and signature never printed", async () => {
    gh = await startFakeGitHub(await zip(), { blob: () => {} });
    const r = await runCli(download(["--idle-timeout", "0.5", "--retries", "1", "--json"]));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/perfgate artifact: error: Downloading the zip .* from storage \(127\.0\.0\.1:\d+\)/);
    expect(JSON.parse(r.stdout).error.code).toBe("TIMEOUT");
    expect(r.stdout + r.stderr).not.toContain(token);
    expect(r.stdout + r.stderr).not.toContain(sig);
    expect(await snapshot(work)).toEqual(before);
  });

  it("Retry-After: 100000 from storage: exit 2 at once with RATE_LIMITED, not a 27-hour sleep", async () => {
    gh = await startFakeGitHub(await zip(), {
      blob: (_q, res) => {
        res.writeHead(429, { "retry-after": "100000" });
        res.end();
      },
    });
    const r = await runCli(download(["--json"]));
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).error.code).toBe("RATE_LIMITED");
    expect(r.stderr).toContain("Retry-After: 100000, a wait of 27.8 h");
    expect(gh.hits.blob).toBe(1);
    expect(await snapshot(work)).toEqual(before);
  });

  it("a short Retry-After is announced on stderr with what is waited for", async () => {
    let first = true;
    gh = await startFakeGitHub(await zip(), {
      blob: (_q, res, ctx) => {
        if (first) {
          first = false;
          res.writeHead(503, { "retry-after": "1" });
          return res.end();
        }
        res.writeHead(200);
        res.end(ctx.zip);
      },
    });
    const r = await runCli(download(["--json"]));
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /perfgate artifact: waiting 1 s before retry 1 of 3 .*storage answered HTTP 503 with Retry-After: 1/,
    );
    expect(JSON.parse(r.stdout).files).toEqual(["baseline.json"]);
  });

  it("the API refuses connections: exit 1, CONNECTION_FAILED names 127.0.0.1:port, remedy names --api-url", async () => {
    gh = await startFakeGitHub(await zip());
    const closed = gh.url;
    await gh.close();
    gh = undefined;
    const r = await runCli([
      "download",
      "--repo",
      repo,
      "--artifact-id",
      "1",
      "--dest",
      dest,
      "--api-url",
      closed,
      "--retries",
      "0",
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `the connection to ${closed.replace("http://", "")} was refused (nothing listens there)`,
    );
    expect(r.stderr).toMatch(/remedy: .*--api-url/);
    expect(r.stderr).not.toContain("fetch failed");
    expect(r.stderr).not.toContain(token);
  });
});

describe("a signal removes the staging folder and ends the command", () => {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    it(`${signal} during a stalled download: exit 130, INTERRUPTED, no .dest.download-XXXX left, dest as it was`, async () => {
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
      expect(r.code).toBe(130);
      expect(r.stderr).toContain(`${signal} received, stopping`);
      expect(r.stderr).toMatch(
        /perfgate artifact: error: .*stopped \(Stopped by SIG\w+\).*\n {2}remedy: Run the command again/,
      );
      expect(await readdir(work)).toEqual(["dest"]);
      expect(await snapshot(work)).toEqual(before);
    });
  }
});
