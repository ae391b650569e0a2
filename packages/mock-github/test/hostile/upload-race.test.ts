import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backendIds, registerRun, sha256, twirp } from "../helpers.ts";
import { expectRefused, type Served, serveWithState } from "./served.ts";

// Item 8 of issue 11: parallel uploads of one name in one run. The losers get a clean 409 with a
// remedy, and nothing is lost: every file of the state directory but state.json is as before,
// and state.json keeps every earlier artifact.
let mock: Served & { close(): Promise<void> };
beforeAll(async () => {
  mock = await serveWithState("race");
});
afterAll(() => mock?.close());

/** One upload as @actions/artifact does it: create, put the blob, finalize. Returns each step's answer. */
async function upload(token: string, name: string, bytes: Buffer) {
  const ids = backendIds(token);
  const created = await twirp(mock.url, token, "CreateArtifact", { ...ids, name, version: 7 });
  if (created.status !== 200) return { created: created.status, response: created };
  const { signed_upload_url } = (await created.json()) as { signed_upload_url: string };
  const put = await fetch(signed_upload_url, {
    method: "PUT",
    headers: { "x-ms-blob-type": "BlockBlob" },
    body: bytes,
  });
  const fin = await twirp(mock.url, token, "FinalizeArtifact", {
    ...ids,
    name,
    size: String(bytes.length),
    hash: `sha256:${sha256(bytes)}`,
  });
  return { created: 200, put: put.status, finalized: fin.status };
}

const blobFolders = (fp: Record<string, string>) => Object.keys(fp).filter((k) => /^blobs\/[^/]+$/.test(k));

describe("parallel uploads of one name in one run", () => {
  it("50 at once: one succeeds, 49 get a clean 409, nothing pending or orphaned is left", async () => {
    const { runtimeToken } = await registerRun(mock.url, { repo: "octo/race" });
    await upload(runtimeToken, "earlier", Buffer.from("an earlier artifact"));
    const before = await mock.state();
    const earlier = mock.server.store.snapshot().artifacts;
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => upload(runtimeToken, "performance-baseline", Buffer.from(`upload ${i}`))),
    );
    const won = results.filter((r) => r.created === 200);
    const refused = results.filter((r) => r.created === 409);
    expect(won).toHaveLength(1);
    expect(won[0]).toMatchObject({ put: 201, finalized: 200 });
    expect(refused).toHaveLength(49);
    for (const r of refused)
      await expectRefused(r.response!, {
        status: 409,
        code: "already_exists",
        message:
          /^(an upload of artifact 'performance-baseline' is already in progress on the workflow run|an artifact with this name already exists on the workflow run: performance-baseline)$/,
        remedy: /(wait for the other upload to finish and pass `overwrite: true`|Delete the artifact first)/,
      });
    const after = await mock.state();
    const { "state.json": _was, ...kept } = before;
    expect(after).toMatchObject(kept); // every blob and folder from before, unchanged
    expect(blobFolders(after).length - blobFolders(before).length).toBe(1); // the winner's only
    const now = mock.server.store.snapshot().artifacts;
    for (const a of earlier) expect(now).toContainEqual(expect.objectContaining({ id: a.id, name: a.name }));
    expect(now.filter((a) => a.name === "performance-baseline")).toHaveLength(1);
    expect(mock.server.store.listArtifacts({ repo: "octo/race", name: "performance-baseline" })).toHaveLength(1);
  });

  it("a loser's finalize cannot finalize the winner's upload with its own bytes", async () => {
    const { runtimeToken } = await registerRun(mock.url, { repo: "octo/race" });
    const ids = backendIds(runtimeToken);
    const first = await twirp(mock.url, runtimeToken, "CreateArtifact", { ...ids, name: "n", version: 4 });
    const second = await twirp(mock.url, runtimeToken, "CreateArtifact", { ...ids, name: "n", version: 4 });
    expect([first.status, second.status]).toEqual([200, 409]);
    const before = await mock.state();
    const mine = Buffer.from("the loser's bytes");
    const fin = await twirp(mock.url, runtimeToken, "FinalizeArtifact", {
      ...ids,
      name: "n",
      size: String(mine.length),
      hash: `sha256:${sha256(mine)}`,
    });
    // The winner has not committed a blob: nothing is finalized.
    await expectRefused(fin, {
      status: 412,
      code: "failed_precondition",
      message: /^Artifact 'n' has no committed blob yet\.$/,
      remedy:
        /^Upload the blob to the signed URL CreateArtifact returned .*only the upload that created it can finalize it\.$/,
    });
    expect(await mock.state()).toEqual(before);
    expect(mock.server.store.listArtifacts({ repo: "octo/race", name: "n" })).toEqual([]);
  });
});
