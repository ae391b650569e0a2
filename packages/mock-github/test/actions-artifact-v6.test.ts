import { mkdtemp, readFile } from "node:fs/promises";
import path from "node:path";
import type { DefaultArtifactClient } from "@actions/artifact-v6";
import { describe, expect, it } from "vitest";
import { describeArtifactClient } from "./artifact-client-suite.ts";

// @actions/artifact 6.x (the client of upload-artifact v7 and download-artifact v8): CreateArtifact
// with version 7 and mime_type, uploads that may skip the zip, downloads that decide whether to
// unzip from the blob's content type and name.
const suite = describeArtifactClient("6.x");

describe("@actions/artifact 6.x: skipArchive", () => {
  it("uploads a single file unzipped (skipArchive) and downloads it as that file", async () => {
    const { server, work, files, findBy } = suite;
    const client = suite.client as DefaultArtifactClient;
    const file = path.join(work, "src", "report/summary.json");
    const result = await client.uploadArtifact("ignored", [file], path.join(work, "src"), { skipArchive: true });
    expect(await server.store.describeUpload(result.id!)).toMatchObject({
      name: "summary.json",
      createArtifact: { version: 7, mimeType: "application/json" },
      mimeType: "application/json",
    });
    for (const opts of [{}, { findBy: findBy() }]) {
      const dest = await mkdtemp(path.join(work, "raw-"));
      await client.downloadArtifact(result.id!, { path: dest, ...opts });
      expect((await readFile(path.join(dest, "summary.json"))).equals(files["report/summary.json"]!)).toBe(true);
    }
  });
});
