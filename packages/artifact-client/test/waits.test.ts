import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { downloadArtifact } from "../src/index.ts";
import {
  downloadArgs,
  type FakeGitHub,
  type Route,
  reapChildren,
  repo,
  runCli,
  startFakeGitHub,
  token,
} from "./hostile/helpers.ts";
import { makeZip } from "./zips.ts";

// Item 5 of issue 11, the waits that are allowed (moved from test/hostile/: nothing is refused):
// a short Retry-After is announced, saying what is waited for, and then the download succeeds.
let work: string;
let dest: string;
let gh: FakeGitHub | undefined;
beforeEach(async () => {
  work = await mkdtemp(path.join(tmpdir(), "ac-waits-"));
  dest = path.join(work, "dest");
  await mkdir(dest);
  await writeFile(path.join(dest, "baseline.json"), '{"old":true}');
});
afterEach(async () => {
  expect(await reapChildren()).toBe(0);
  await gh?.close();
  gh = undefined;
  await rm(work, { recursive: true, force: true });
});

/** Storage that answers `status` with `Retry-After` once, then serves the zip. */
function onceThenServe(status: number, retryAfter: string): Route {
  let first = true;
  return (_q, res, ctx) => {
    if (first) {
      first = false;
      res.writeHead(status, { "retry-after": retryAfter });
      return res.end();
    }
    res.writeHead(200);
    res.end(ctx.zip);
  };
}

describe("a short Retry-After is waited out", () => {
  it("the library tells onProgress what it waits for, then the download succeeds", async () => {
    const zip = await makeZip([{ name: "baseline.json", content: '{"new":true}' }]);
    gh = await startFakeGitHub(zip, { blob: onceThenServe(429, "2") });
    const progress: string[] = [];
    const res = await downloadArtifact({
      repo,
      artifactId: 1,
      dest,
      token,
      apiUrl: gh.url,
      retry: { retries: 2, baseDelayMs: 5 },
      onProgress: (m) => progress.push(m),
    });
    expect(res.files).toEqual(["baseline.json"]);
    expect(progress).toEqual([
      expect.stringMatching(
        /^waiting 10 ms before retry 1 of 2 of the artifact 1 of octo\/hostile's zip: storage answered HTTP 429 with Retry-After: 2$/,
      ),
    ]);
  });

  it("the CLI announces it on stderr, then exits 0 with the files", async () => {
    gh = await startFakeGitHub(await makeZip([{ name: "baseline.json", content: '{"new":true}' }]), {
      blob: onceThenServe(503, "1"),
    });
    const r = await runCli(downloadArgs(dest, gh.url, ["--json"]));
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /perfgate artifact: waiting 1 s before retry 1 of 3 .*storage answered HTTP 503 with Retry-After: 1/,
    );
    expect(JSON.parse(r.stdout).files).toEqual(["baseline.json"]);
  });
});
