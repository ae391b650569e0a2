import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { startMockServer } from "@perfgate/mock-github";
import { fingerprint } from "@perfgate/cli-kit/testing";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { downloadArtifact, uploadArtifact } from "../../src/index.ts";
import { makeZip } from "../zips.ts";
import {
  clean,
  type FakeGitHub,
  type FakeRoutes,
  failure,
  leftovers,
  REMEDY,
  repo,
  startFakeGitHub,
  token,
} from "./helpers.ts";

// Item 19 (client): messages that misled. Each names what happened and where, and the remedy
// says what to do; none carries the token or a signed URL's signature.
let work: string;
let dest: string;
let gh: FakeGitHub | undefined;
let before: Record<string, string>;

beforeEach(async () => {
  work = await mkdtemp(path.join(tmpdir(), "ac-hostile-m-"));
  dest = path.join(work, "dest");
  await mkdir(dest);
  await writeFile(path.join(dest, "baseline.json"), '{"old":true}');
  before = await fingerprint(work);
});
afterEach(async () => {
  await gh?.close();
  gh = undefined;
  await rm(work, { recursive: true, force: true });
});

/** A download that must fail: its error, after checking the remedy and that work/ is as it was. */
async function download(routes: FakeRoutes, remedy: RegExp, retries = 3) {
  gh = await startFakeGitHub(await makeZip([{ name: "baseline.json", content: "{}" }]), routes);
  const err = await failure(
    downloadArtifact({ repo, artifactId: 1, dest, token, apiUrl: gh.url, retry: { retries, baseDelayMs: 5 } }),
  );
  clean(err, remedy);
  expect(await fingerprint(work)).toEqual(before);
  expect(await leftovers(work)).toEqual([]);
  return err;
}

type Route = NonNullable<FakeRoutes["blob"]>;
const redirect =
  (location?: string, status = 302): Route =>
  (_q, res) => {
    res.writeHead(status, location ? { location } : {});
    res.end();
  };

describe("redirects say which and where, never a bare 'HTTP 302'", () => {
  it("storage answers 302 without a Location header", async () => {
    const err = await download({ blob: redirect() }, REMEDY.badRedirect);
    expect(err).toMatchObject({ code: "BAD_REDIRECT" });
    expect(err.message).toMatch(
      /storage \(127\.0\.0\.1:\d+\): storage answered 302 \(a redirect\) without a Location header/,
    );
    expect(err.message).not.toMatch(/HTTP 302\)?\.?$/);
    expect(gh?.hits.blob).toBe(1); // not retried: asking again gets the same answer
  });

  it("storage redirects to itself forever (a loop), named without the URL's signature", async () => {
    const err = await download(
      { blob: (req, res, ctx) => redirect(`${ctx.url}${req.url}`)(req, res, ctx) },
      REMEDY.badRedirect,
    );
    expect(err).toMatchObject({ code: "BAD_REDIRECT" });
    expect(err.message).toMatch(
      /storage keeps redirecting \(more than 5 redirects, the last 302 to http:\/\/127\.0\.0\.1:\d+\/blob\/1\); a redirect loop/,
    );
    expect(gh?.hits.blob).toBe(6);
  });

  it("storage redirects to file:///etc/passwd: refused at once, no retry", async () => {
    const err = await download({ blob: redirect("file:///etc/passwd") }, REMEDY.badRedirect);
    expect(err).toMatchObject({ code: "BAD_REDIRECT", name: "BadRedirect" });
    expect(err.message).toContain(
      "redirected to a file: URL (file:///etc/passwd); only http and https are followed, so it was refused without retrying",
    );
    expect(gh?.hits.blob).toBe(1);
  });

  it("the API's zip endpoint redirects to file:///etc/shadow: refused before any storage request", async () => {
    const err = await download({ zip: redirect("file:///etc/shadow") }, REMEDY.badRedirect);
    expect(err).toMatchObject({ code: "BAD_REDIRECT" });
    expect(err.message).toMatch(
      /^Requesting the zip of the artifact 1 of octo\/hostile: 127\.0\.0\.1:\d+ redirected to a file: URL/,
    );
    expect(gh?.hits.blob).toBeUndefined();
  });

  it("the API's zip endpoint redirects to data: (the archive inline in the URL)", async () => {
    const err = await download(
      { zip: redirect(`data:application/zip;base64,${randomBytes(30).toString("base64")}`) },
      REMEDY.badRedirect,
    );
    expect(err).toMatchObject({ code: "BAD_REDIRECT" });
    expect(err.message).toContain("redirected to a data: URL");
  });

  it("the API answers its zip endpoint with 302 but no Location", async () => {
    const err = await download({ zip: redirect() }, REMEDY.badRedirect);
    expect(err).toMatchObject({ code: "BAD_REDIRECT" });
    expect(err.message).toContain("the API answered 302 (a redirect) without a Location header");
  });

  it("the API answers the zip endpoint with 200 instead of a redirect", async () => {
    const err = await download(
      {
        zip: (_q, res, ctx) => {
          res.writeHead(200, { "content-type": "application/zip" });
          res.end(ctx.zip);
        },
      },
      REMEDY.apiError,
    );
    expect(err).toMatchObject({ code: "GITHUB_API_ERROR" });
    expect(err.message).toContain(
      "expected a redirect (302) to the archive's storage, got HTTP 200 with the content inline",
    );
  });

  it("a redirect to an unparsable Location", async () => {
    const err = await download({ blob: redirect("http://[::1") }, REMEDY.badRedirect);
    expect(err).toMatchObject({ code: "BAD_REDIRECT" });
    expect(err.message).toContain('the redirect\'s Location "http://[::1" is not a URL');
  });
});

describe("storage errors name the status and the attempts", () => {
  it("storage answers 403 (an expired signature): not retried, says HTTP 403 from storage", async () => {
    const err = await download({ blob: redirect(undefined, 403) }, REMEDY.apiError);
    expect(err).toMatchObject({ code: "GITHUB_API_ERROR", status: 403 });
    expect(err.message).toMatch(/from storage \(127\.0\.0\.1:\d+\): storage answered HTTP 403\.$/);
    expect(gh?.hits.blob).toBe(1);
  });

  it("storage answers 500 every time: retried, then says how many attempts", async () => {
    const err = await download({ blob: redirect(undefined, 500) }, REMEDY.apiError, 2);
    expect(err.message).toContain("storage answered HTTP 500 (after 3 attempts)");
    expect(gh?.hits.blob).toBe(3);
  });
});

describe("upload 409: the remedy says overwrite", () => {
  let server: Awaited<ReturnType<typeof startMockServer>>;
  const saved = { ...process.env };
  beforeAll(async () => {
    server = await startMockServer();
  });
  afterAll(async () => {
    for (const k of ["ACTIONS_RUNTIME_TOKEN", "ACTIONS_RESULTS_URL"]) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
    await server.close();
  });

  it("a second upload of the same name in one run without overwrite", async () => {
    const res = await fetch(`${server.url}/_mock/runs`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ repo, workflow: "ci.yml", branch: "main", event: "push", sha: "b".repeat(40) }),
    });
    const run = (await res.json()) as { runtimeToken: string };
    process.env.ACTIONS_RUNTIME_TOKEN = run.runtimeToken;
    process.env.ACTIONS_RESULTS_URL = `${server.url}/`;
    const file = path.join(work, "b.json");
    await writeFile(file, "{}");
    const first = await uploadArtifact("performance-baseline", [file]);
    const files = await fingerprint(work);
    const err = await failure(uploadArtifact("performance-baseline", [file]));
    expect(err).toMatchObject({ code: "UPLOAD_FAILED" });
    expect(err.message).toContain(
      "this run already has an artifact named 'performance-baseline' (the service answered 409 Conflict)",
    );
    expect(err.remedy).toMatch(/overwrite: true.*--overwrite|--overwrite.*overwrite: true/);
    expect(err.message + err.remedy).not.toContain(run.runtimeToken);
    // Nothing lost: the files uploaded, and the artifact already there (not replaced by the refused upload).
    expect(await fingerprint(work)).toEqual(files);
    const kept = server.store.listArtifacts({ repo, name: "performance-baseline" });
    expect(kept.map((a) => a.id)).toEqual([first.id]);
  });
});
