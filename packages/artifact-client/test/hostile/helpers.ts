import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { lstat, readdir, readFile, readlink } from "node:fs/promises";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { expect } from "vitest";

export const repo = "octo/hostile";
export const token = "ghs_hostileTOKENvalue42";
export const sig = "sig=SIGNEDsecret";

type Ctx = {
  url: string;
  zip: Buffer;
  /** Timers and intervals a handler starts; cleared when the server closes. */
  later(fn: () => void, ms: number): void;
  repeat(fn: () => void, ms: number): void;
};
export type Route = (req: IncomingMessage, res: ServerResponse, ctx: Ctx) => void;
export type FakeRoutes = Partial<Record<"artifact" | "zip" | "blob" | "runs" | "runArtifacts", Route>>;

export type FakeGitHub = { url: string; hits: Record<string, number>; close(): Promise<void> };

const json = (res: ServerResponse, body: unknown, status = 200) => {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
};

export function artifactJson(url: string, zip: Buffer) {
  return {
    id: 1,
    node_id: "A_1",
    name: "performance-baseline",
    size_in_bytes: zip.length,
    url: `${url}/repos/${repo}/actions/artifacts/1`,
    archive_download_url: `${url}/repos/${repo}/actions/artifacts/1/zip`,
    expired: false,
    digest: `sha256:${createHash("sha256").update(zip).digest("hex")}`,
    created_at: "2026-01-01T00:00:00Z",
    expires_at: "2036-01-01T00:00:00Z",
    updated_at: "2026-01-01T00:00:00Z",
  };
}

/**
 * A stand-in GitHub on a real 127.0.0.1 socket whose every route can be swapped for a hostile
 * one (stall, trickle, odd redirects): the parts of the REST API and blob storage a download
 * touches, and nothing else.
 */
export async function startFakeGitHub(zip: Buffer, routes: FakeRoutes = {}): Promise<FakeGitHub> {
  const timers: NodeJS.Timeout[] = [];
  const hits: Record<string, number> = {};
  let url = "";
  const ctx: Ctx = {
    get url() {
      return url;
    },
    zip,
    later: (fn, ms) => void timers.push(setTimeout(fn, ms)),
    repeat: (fn, ms) => void timers.push(setInterval(fn, ms)),
  };
  const defaults: Required<FakeRoutes> = {
    artifact: (_q, res) => json(res, artifactJson(url, zip)),
    zip: (_q, res) => {
      res.writeHead(302, { location: `${url}/blob/1?${sig}` });
      res.end();
    },
    blob: (_q, res) => {
      res.writeHead(200, { "content-type": "application/zip", "content-length": zip.length });
      res.end(zip);
    },
    runs: (_q, res) =>
      json(res, {
        total_count: 1,
        workflow_runs: [
          {
            id: 7,
            run_number: 1,
            head_branch: "main",
            head_sha: "a".repeat(40),
            event: "push",
            status: "completed",
            conclusion: "success",
            created_at: "2026-01-01T00:00:00Z",
            head_repository: { full_name: repo },
          },
        ],
      }),
    runArtifacts: (_q, res) => json(res, { total_count: 1, artifacts: [artifactJson(url, zip)] }),
  };
  const route = (p: string): keyof FakeRoutes | undefined => {
    if (p === `/repos/${repo}/actions/artifacts/1`) return "artifact";
    if (p === `/repos/${repo}/actions/artifacts/1/zip`) return "zip";
    if (p.startsWith("/blob/")) return "blob";
    if (p === `/repos/${repo}/actions/workflows/ci.yml/runs`) return "runs";
    if (p === `/repos/${repo}/actions/runs/7/artifacts`) return "runArtifacts";
    return undefined;
  };
  const server = http.createServer((req, res) => {
    const name = route(new URL(req.url ?? "/", "http://x").pathname);
    if (!name) return json(res, { message: "Not Found" }, 404);
    hits[name] = (hits[name] ?? 0) + 1;
    (routes[name] ?? defaults[name])(req, res, ctx);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    hits,
    close: async () => {
      for (const t of timers) clearTimeout(t);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Every path under `dir` with its content hash (or link target / "dir"): equal maps, nothing lost. */
export async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (rel: string) => {
    const abs = path.join(dir, rel);
    const s = await lstat(abs).catch(() => undefined);
    if (!s) return;
    if (s.isSymbolicLink()) out[rel || "."] = `link:${await readlink(abs)}`;
    else if (s.isDirectory()) {
      out[rel || "."] = "dir";
      for (const n of (await readdir(abs)).sort()) await walk(rel ? `${rel}/${n}` : n);
    } else
      out[rel || "."] = createHash("sha256")
        .update(await readFile(abs))
        .digest("hex");
  };
  await walk("");
  return out;
}

/** Staging folders (`.<dest>.download-XXXX`) left beside `dest`. */
export async function leftovers(parent: string): Promise<string[]> {
  return (await readdir(parent)).filter((n) => /\.download-|\.unrestored-/.test(n));
}

/** The typed error of a rejected promise. */
export async function failure(p: Promise<unknown>): Promise<Error & { code: string; remedy: string }> {
  try {
    await p;
  } catch (err) {
    return err as Error & { code: string; remedy: string };
  }
  throw new Error("expected the call to fail, it succeeded");
}

/** The message and remedy both say something, and neither holds the token or a signed query. */
export function clean(err: { message: string; remedy: string }): void {
  expect(err.remedy.length).toBeGreaterThan(20);
  for (const s of [err.message, err.remedy]) {
    expect(s).not.toContain(token);
    expect(s).not.toContain(sig);
  }
}

const pkg = path.join(import.meta.dirname, "..", "..");
const children = new Set<ChildProcess>();

export type CliResult = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };

/** The standalone CLI as its own process (node + tsx loader, one process: signals reach it directly). */
export function startCli(
  args: string[],
  env: Record<string, string> = {},
): { child: ChildProcess; done: Promise<CliResult> } {
  const child = spawn(process.execPath, ["--import", "tsx", path.join("src", "cli.ts"), ...args], {
    cwd: pkg,
    env: { ...process.env, GITHUB_TOKEN: token, GITHUB_API_URL: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d) => {
    stdout += d;
  });
  child.stderr?.on("data", (d) => {
    stderr += d;
  });
  const done = new Promise<CliResult>((resolve) =>
    child.on("close", (code, signal) => {
      children.delete(child);
      resolve({ code, signal, stdout, stderr });
    }),
  );
  return { child, done };
}

export const runCli = (args: string[], env?: Record<string, string>) => startCli(args, env).done;

/** Teardown: no CLI process of ours may outlive its test. */
export async function reapChildren(): Promise<number> {
  const alive = [...children].filter((c) => c.exitCode === null && c.signalCode === null);
  for (const c of alive) c.kill("SIGKILL");
  children.clear();
  return alive.length;
}

/** Polls until `check` is true (no fixed sleeps asserting speed; the test timeout is the bound). */
export async function until(check: () => Promise<boolean> | boolean, stepMs = 50): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, stepMs));
}
