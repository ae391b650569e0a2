/** Bench downloader, its own process and bundle (only what a download step carries): `download-client <id> <dest> <result.json>`. */
import { downloadArtifact } from "../src/download.ts";
import { finish } from "./report.ts";

const [id, dest, out] = process.argv.slice(2);
const started = performance.now();
downloadArtifact({
  repo: "bench/repo",
  artifactId: Number(id),
  token: "bench",
  apiUrl: process.env.GITHUB_API_URL!,
  dest: dest!,
}).then(
  (res) =>
    finish(out!, {
      files: res.files,
      bytes: res.bytes,
      zipBytes: res.zipBytes,
      digestVerified: res.digestVerified,
      ms: performance.now() - started,
    }),
  (err) => finish(out!, undefined, err),
);
