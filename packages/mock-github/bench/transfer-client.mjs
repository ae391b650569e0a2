/**
 * Client half of the transfer benchmark, run in its own process so its peak RSS is its own:
 * uploads one file with @actions/artifact, then downloads it through the REST API's 302.
 * argv: <url> <runtimeToken> <runId> <file> <outDir>; prints one JSON line.
 */
import path from "node:path";

// Plain JavaScript so the measured process carries no TypeScript loader.
const [url, runtimeToken, runId, file, outDir] = process.argv.slice(2);
process.env.ACTIONS_RUNTIME_TOKEN = runtimeToken;
process.env.ACTIONS_RESULTS_URL = `${url}/`;
process.env.GITHUB_API_URL = url; // read when @actions/github loads, hence the dynamic import
const { DefaultArtifactClient } = await import("@actions/artifact");
const client = new DefaultArtifactClient();
const quiet = process.stdout.write.bind(process.stdout);
process.stdout.write = () => true; // @actions/core logs to stdout

const t0 = performance.now();
// Stored, not deflated: the bytes are random, as upload-artifact's compression-level 0 advises.
const uploaded = await client.uploadArtifact("bench", [file], path.dirname(file), { compressionLevel: 0 });
const t1 = performance.now();
const uploadRssBytes = process.resourceUsage().maxRSS * 1024;
await client.downloadArtifact(uploaded.id, {
  path: outDir,
  findBy: { token: "bench", workflowRunId: Number(runId), repositoryOwner: "bench", repositoryName: "repo" },
});
const t2 = performance.now();
quiet(
  `${JSON.stringify({ uploadMs: t1 - t0, downloadMs: t2 - t1, zipBytes: uploaded.size, uploadRssBytes, maxRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`,
);
