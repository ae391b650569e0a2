/**
 * Benchmark: upload then download a 200 MB artifact through the served mock with GitHub's own
 * client, against `cp` of the same bytes on the same disk. Server and client run as separate
 * processes so each one's peak RSS (VmHWM) is measured alone. Targets: ratio >= 0.5, RSS <= 100 MB.
 */
import { execFileSync, spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { createMockClient } from "../src/client.ts";
import { hasCurl, rawDownload, rawUpload } from "./raw-transfer.ts";

const MB = 1024 * 1024;
const SIZE = Number(process.env.BENCH_MB ?? 200) * MB;
const pkgDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const work = await mkdtemp(path.join(os.tmpdir(), "mock-github-bench-"));

async function writeRandomFile(file: string, size: number) {
  const out = createWriteStream(file);
  for (let written = 0; written < size; written += MB) {
    if (!out.write(randomBytes(Math.min(MB, size - written)))) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}

async function sha256(file: string) {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk);
  return hash.digest("hex");
}

const registerBenchRun = (url: string) =>
  createMockClient(url).registerRun({
    repo: "bench/repo",
    workflow: "bench.yml",
    branch: "main",
    event: "push",
    sha: "0".repeat(40),
  });

async function peakRss(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

const source = path.join(work, "data.bin");
await writeRandomFile(source, SIZE);
const digest = await sha256(source);

// cp of the same bytes on the same disk (best of 3; the file is in the page cache, as for the mock).
let cpMs = Number.POSITIVE_INFINITY;
for (let i = 0; i < 3; i++) {
  const t = performance.now();
  execFileSync("cp", [source, path.join(work, `copy${i}.bin`)]);
  cpMs = Math.min(cpMs, performance.now() - t);
  await rm(path.join(work, `copy${i}.bin`));
}

// The server runs from its bundle (`build`) without the tsx loader; a 1 MB semi-space makes V8
// reclaim the 64 KB socket read buffers sooner, which keeps the streaming server's peak low.
const server = spawn(
  process.execPath,
  ["--max-semi-space-size=1", "dist/mock-github.mjs", "serve", "--port", "0", "--state", path.join(work, "state")],
  {
    cwd: pkgDir,
    stdio: ["ignore", "pipe", "inherit"],
  },
);
try {
  const [url] = (await once(createInterface({ input: server.stdout! }), "line")) as [string];
  const { id, runtimeToken } = await registerBenchRun(url);

  const client = spawn(
    process.execPath,
    ["bench/transfer-client.mjs", url, runtimeToken, String(id), source, path.join(work, "out")],
    { cwd: pkgDir, stdio: ["ignore", "pipe", "inherit"] },
  );
  let output = "";
  client.stdout!.on("data", (d) => {
    output += d;
  });
  const [code] = await once(client, "exit");
  if (code !== 0) throw new Error(`benchmark client failed with exit code ${code}`);
  const result = JSON.parse(output.trim().split("\n").pop()!) as {
    uploadMs: number;
    downloadMs: number;
    uploadRssBytes: number;
    maxRssBytes: number;
  };
  // The server alone: the same protocol with curl moving the bytes.
  let r0 = 0;
  let r1 = 0;
  let r2 = 0;
  const curl = hasCurl();
  if (curl) {
    const raw = await registerBenchRun(url);
    r0 = performance.now();
    const rawId = await rawUpload(url, raw.runtimeToken, source, digest);
    r1 = performance.now();
    rawDownload(url, "bench/repo", rawId, path.join(work, "raw.bin"));
    r2 = performance.now();
    if ((await sha256(path.join(work, "raw.bin"))) !== digest) throw new Error("raw download differs from the source");
  }
  const serverRss = await peakRss(server.pid!);
  if ((await sha256(path.join(work, "out", "data.bin"))) !== digest)
    throw new Error("downloaded bytes differ from the source");

  const ratio = (2 * cpMs) / (result.uploadMs + result.downloadMs);
  const mbps = (ms: number) => (SIZE / MB / (ms / 1000)).toFixed(0);
  const rows = [
    ["size", `${SIZE / MB} MB`, ""],
    ["cp", `${cpMs.toFixed(0)} ms`, `${mbps(cpMs)} MB/s`],
    ["upload (@actions/artifact)", `${result.uploadMs.toFixed(0)} ms`, `${mbps(result.uploadMs)} MB/s`],
    ["download (REST 302 + blob)", `${result.downloadMs.toFixed(0)} ms`, `${mbps(result.downloadMs)} MB/s`],
    ["throughput ratio vs cp", ratio.toFixed(2), ratio >= 0.5 ? "target >= 0.5 met" : "target >= 0.5 MISSED"],
    ...(curl
      ? [
          ["server only: upload (curl)", `${(r1 - r0).toFixed(0)} ms`, `${mbps(r1 - r0)} MB/s`],
          ["server only: download (curl)", `${(r2 - r1).toFixed(0)} ms`, `${mbps(r2 - r1)} MB/s`],
          ["server only: ratio vs cp", ((2 * cpMs) / (r2 - r0)).toFixed(2), "what the mock itself costs"],
        ]
      : [["server only", "skipped", "curl is not installed"]]),
    ["client peak RSS after upload", `${(result.uploadRssBytes / MB).toFixed(0)} MB`, ""],
    [
      "client peak RSS",
      `${(result.maxRssBytes / MB).toFixed(0)} MB`,
      result.maxRssBytes <= 100 * MB ? "target <= 100 MB met" : "target <= 100 MB MISSED",
    ],
    [
      "server peak RSS",
      `${(serverRss / MB).toFixed(0)} MB`,
      serverRss <= 100 * MB ? "target <= 100 MB met" : "target <= 100 MB MISSED",
    ],
  ];
  for (const [name, value, note] of rows) console.log(`${name!.padEnd(28)} ${value!.padStart(10)}  ${note}`);
} finally {
  server.kill("SIGTERM");
  await once(server, "exit");
  await rm(work, { recursive: true, force: true });
}
