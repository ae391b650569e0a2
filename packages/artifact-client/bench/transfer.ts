/**
 * Benchmark: upload then download a 200 MB artifact (BENCH_MB to change) through the served
 * mock: upload with uploadArtifact (@actions/artifact, compression 0: the bytes are random),
 * download with downloadArtifact (stream, sha256, safe extract, move into place). Server,
 * uploader and downloader are separate processes (plain node on esbuild bundles) so each peak
 * RSS is its own. Throughput is compared with `cp` of the same bytes on the same disk; two floors
 * (loopback HTTP alone; @actions/artifact merely loaded) show what no client of this protocol beats.
 * Targets: ratio >= 0.5, peak RSS <= 100 MB for client and server.
 */
import { execFileSync, spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { build } from "esbuild";
import { createMockClient } from "@perfgate/mock-github";

const MB = 1024 * 1024;
const SIZE = Number(process.env.BENCH_MB ?? 200) * MB;
const RSS_TARGET = 100 * MB;
const RATIO_TARGET = 0.5;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const here = import.meta.dirname;
const work = await mkdtemp(path.join(os.tmpdir(), "artifact-client-bench-"));

async function bundle(): Promise<{ server: string; clients: Record<"upload" | "download" | "load", string> }> {
  const server = path.join(work, "mock-github.mjs");
  await build({
    entryPoints: [path.join(here, "..", "..", "mock-github", "src", "cli.ts")],
    outfile: server,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    logLevel: "warning",
    banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
  });
  // One bundle per side, as a stand-in action carries only what it uses.
  const clients = {
    upload: path.join(work, "upload-client.cjs"),
    download: path.join(work, "download-client.cjs"),
    load: path.join(work, "load-client.cjs"),
  };
  for (const [side, outfile] of Object.entries(clients)) {
    await build({
      entryPoints: [path.join(here, `${side}-client.ts`)],
      outfile,
      bundle: true,
      platform: "node",
      target: "node20",
      format: "cjs",
      logLevel: "warning",
    });
  }
  return { server, clients };
}

async function writeRandomFile(file: string, size: number): Promise<void> {
  const out = createWriteStream(file);
  for (let written = 0; written < size; written += MB) {
    if (!out.write(randomBytes(Math.min(MB, size - written)))) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}

async function sha256(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk);
  return hash.digest("hex");
}

async function vmHwm(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

async function runClient(
  side: "upload" | "download" | "load",
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<Record<string, unknown>> {
  const client = clients[side];
  const out = path.join(work, `result-${side}.json`);
  const flags = (process.env.BENCH_CLIENT_NODE_FLAGS ?? "").split(" ").filter(Boolean);
  const child = spawn(process.execPath, [...flags, client, ...args, out], {
    env,
    stdio: ["ignore", "ignore", "inherit"],
  });
  const [code] = (await once(child, "exit")) as [number];
  if (code !== 0) throw new Error(`bench ${side} client exited ${code}`);
  return JSON.parse(await readFile(out, "utf8"));
}

const { server: serverBundle, clients } = await bundle();
const source = path.join(work, "data", "data.bin");
await import("node:fs/promises").then((fs) => fs.mkdir(path.dirname(source)));
await writeRandomFile(source, SIZE);
const digest = await sha256(source);

// cp of the same bytes on the same disk, best of 3 (page cache warm, as for the transfer).
let cpMs = Number.POSITIVE_INFINITY;
for (let i = 0; i < 3; i++) {
  const t = performance.now();
  execFileSync("cp", [source, path.join(work, "copy.bin")]);
  cpMs = Math.min(cpMs, performance.now() - t);
  await rm(path.join(work, "copy.bin"));
}

// Floors: what no client of this protocol can beat here. Loopback HTTP moving the same bytes
// with nothing else (no zip, hash or disk write), server and client each their own process.
async function httpFloorMs(): Promise<number> {
  const floor = path.join(here, "http-floor.mjs");
  const srv = spawn(process.execPath, [floor, "serve", source], { stdio: ["ignore", "pipe", "inherit"] });
  try {
    const [line] = (await once(createInterface({ input: srv.stdout! }), "line")) as [string];
    let ms = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 3; i++)
      ms = Math.min(
        ms,
        JSON.parse(execFileSync(process.execPath, [floor, "get", line.trim()], { encoding: "utf8" })).ms,
      );
    return ms;
  } finally {
    srv.kill();
  }
}
const httpMs = await httpFloorMs();
// ...and the RSS of a process that has only loaded GitHub's upload client.
const loadRss = Number((await runClient("load", [], process.env)).peakRssBytes);

// The server as its own process; --max-semi-space-size=1 as the mock's README recommends for long runs.
const serverFlags = (process.env.BENCH_SERVER_NODE_FLAGS ?? "").split(" ").filter(Boolean);
const server = spawn(
  process.execPath,
  ["--max-semi-space-size=1", ...serverFlags, serverBundle, "serve", "--port", "0"],
  { stdio: ["ignore", "pipe", "inherit"] },
);
const url = await new Promise<string>((resolve, reject) => {
  createInterface({ input: server.stdout! }).once("line", (line) => resolve(line.trim()));
  server.once("exit", (code) => reject(new Error(`mock server exited ${code}`)));
});
try {
  const control = createMockClient(url);
  const reg = await control.registerRun({
    repo: "bench/repo",
    workflow: "bench.yml",
    branch: "main",
    event: "push",
    sha: "0".repeat(40),
  });
  const env = {
    ...process.env,
    ACTIONS_RUNTIME_TOKEN: reg.runtimeToken,
    ACTIONS_RESULTS_URL: `${url}/`,
    GITHUB_API_URL: url,
  };
  // Best of RUNS for time (as for cp), worst of RUNS for peak RSS; each run a fresh artifact and dest.
  const runs: { up: Record<string, unknown>; down: Record<string, unknown> }[] = [];
  for (let i = 1; i <= RUNS; i++) {
    const up = await runClient("upload", [source, `bench-artifact-${i}`], env);
    const dest = path.join(work, `dest-${i}`);
    const down = await runClient("download", [String(up.id), dest], env);
    const same = (await sha256(path.join(dest, "data.bin"))) === digest;
    if (!same || !down.digestVerified) throw new Error("downloaded bytes differ from the uploaded ones");
    await rm(dest, { recursive: true, force: true });
    runs.push({ up, down });
    process.stderr.write(
      `run ${i}/${RUNS}: upload ${Number(up.ms).toFixed(0)} ms, ${(Number(up.peakRssBytes) / MB).toFixed(0)} MB; download ${Number(down.ms).toFixed(0)} ms, ${(Number(down.peakRssBytes) / MB).toFixed(0)} MB\n`,
    );
  }
  const best = (side: "up" | "down") => Math.min(...runs.map((r) => Number(r[side].ms)));
  const worstRss = (side: "up" | "down") => Math.max(...runs.map((r) => Number(r[side].peakRssBytes)));
  const up = { ms: best("up"), peakRssBytes: worstRss("up") };
  const down = { ms: best("down"), peakRssBytes: worstRss("down") };
  await control.completeRun(reg.id, "success");
  const serverPeak = await vmHwm(server.pid!);

  const mbps = (ms: number) => SIZE / MB / (ms / 1000);
  const rows = [
    { what: "cp (same disk)", ms: cpMs, mbps: mbps(cpMs), ratio: 1, peakRss: undefined as number | undefined },
    {
      what: "upload (uploadArtifact)",
      ms: Number(up.ms),
      mbps: mbps(Number(up.ms)),
      ratio: cpMs / Number(up.ms),
      peakRss: Number(up.peakRssBytes),
    },
    {
      what: "download (downloadArtifact)",
      ms: Number(down.ms),
      mbps: mbps(Number(down.ms)),
      ratio: cpMs / Number(down.ms),
      peakRss: Number(down.peakRssBytes),
    },
    { what: "server (mock-github)", ms: undefined, mbps: undefined, ratio: undefined, peakRss: serverPeak },
    { what: "floor: loopback HTTP only", ms: httpMs, mbps: mbps(httpMs), ratio: cpMs / httpMs, peakRss: undefined },
    { what: "floor: @actions/artifact loaded", ms: undefined, mbps: undefined, ratio: undefined, peakRss: loadRss },
  ];
  const f = (n: number | undefined, d = 0) => (n === undefined ? "" : n.toFixed(d));
  console.log(`\n${SIZE / MB} MB artifact through the served mock (byte-identical, digest verified)\n`);
  console.log(
    `${"".padEnd(30)}${"ms".padStart(9)}${"MB/s".padStart(9)}${"ratio".padStart(8)}${"peak RSS MB".padStart(13)}`,
  );
  for (const r of rows) {
    console.log(
      `${r.what.padEnd(30)}${f(r.ms).padStart(9)}${f(r.mbps).padStart(9)}${f(r.ratio, 3).padStart(8)}${f(r.peakRss && r.peakRss / MB).padStart(13)}`,
    );
  }
  const verdict = {
    uploadRatio: rows[1]!.ratio! >= RATIO_TARGET,
    downloadRatio: rows[2]!.ratio! >= RATIO_TARGET,
    uploadRss: rows[1]!.peakRss! <= RSS_TARGET,
    downloadRss: rows[2]!.peakRss! <= RSS_TARGET,
    serverRss: serverPeak <= RSS_TARGET,
  };
  console.log(
    `\ntargets: ratio >= ${RATIO_TARGET}, peak RSS <= ${RSS_TARGET / MB} MB: ${Object.entries(verdict)
      .map(([k, ok]) => `${k} ${ok ? "met" : "MISSED"}`)
      .join(", ")}`,
  );
  console.log(
    `floors: ratio ${RATIO_TARGET} means ${f(cpMs / RATIO_TARGET)} ms a direction; loopback HTTP alone takes ${f(httpMs)} ms (ratio ${f(cpMs / httpMs, 3)}). ` +
      `The upload process holds ${f(loadRss / MB)} MB before its first byte, plus @actions/artifact's fixed 8 MiB blocks.`,
  );
  console.log(
    JSON.stringify({
      sizeBytes: SIZE,
      cpMs,
      httpFloorMs: httpMs,
      uploadLoadRssBytes: loadRss,
      upload: { ms: up.ms, peakRssBytes: up.peakRssBytes },
      download: { ms: down.ms, peakRssBytes: down.peakRssBytes },
      serverPeakRssBytes: serverPeak,
      targets: verdict,
    }),
  );
} finally {
  server.kill("SIGTERM");
  await once(server, "exit").catch(() => {});
  await rm(work, { recursive: true, force: true });
}
