import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { readdir } from "node:fs/promises";
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

/** The remedy says what to do (matches `remedy`), and neither message nor remedy holds the token or a signed query. */
export function clean(err: { message: string; remedy: string }, remedy: RegExp): void {
  expect(err.remedy).toMatch(remedy);
  for (const s of [err.message, err.remedy]) {
    expect(s).not.toContain(token);
    expect(s).not.toContain(sig);
  }
}

/** What each error class's remedy tells the user to do. */
const literally = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
export const REMEDY = {
  /** ServiceTimeout: retry, or raise the named option. */
  timeout: (option: string) =>
    new RegExp(
      `^The service stalled: retry later, and check its status\\. If it is alive but slow, raise ${literally(option)}\\.$`,
    ),
  storageUnreachable: /could not be reached: run it again; if it persists, check the service's status or a proxy/,
  apiUnreachable: /^Check that the REST API at 127\.0\.0\.1:\d+ is up and that --api-url \/ GITHUB_API_URL is right/,
  rateLimited: /allow a longer wait \(retry\.maxWaitMs, --max-wait\)/,
  interrupted: /^Run the command again; the destination was left as it was\.$/,
  badRedirect:
    /check GITHUB_API_URL \/ --api-url points at GitHub \(or the mock\), not a proxy that rewrites redirects/,
  apiError: /^Retry later; if it persists, check GITHUB_API_URL \/ --api-url and the service's status\.$/,
  destConflict: /^Download into an empty folder \(--dest \/ dest\), or move .+ out of the way yourself/,
  unsafe: /^Do not use this artifact: .*Nothing was written to the destination\.$/,
} as const;

/**
 * A CLI refusal: the exit code, one `perfgate artifact: error: <message>` line naming the cause,
 * the `  remedy: <remedy>` line saying what to do (both matched without their prefix), no stack
 * trace, and neither the token nor a signature.
 */
export function refusedCli(r: CliResult, e: { code: number; message: RegExp; remedy: RegExp }): void {
  const all = r.stdout + r.stderr;
  expect(r.code, all).toBe(e.code);
  const lines = r.stderr.split("\n");
  const errors = lines.filter((l) => l.startsWith("perfgate artifact: error: "));
  expect(errors, all).toHaveLength(1);
  expect(errors[0]!.slice("perfgate artifact: error: ".length)).toMatch(e.message);
  const remedies = lines.filter((l) => l.startsWith("  remedy: "));
  expect(remedies, all).toHaveLength(1);
  expect(remedies[0]!.slice("  remedy: ".length)).toMatch(e.remedy);
  expect(all).not.toMatch(/\n\s+at .+:\d+:\d+/);
  expect(all).not.toContain(token);
  expect(all).not.toContain(sig);
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

/** `download` of artifact `id` (1) of `repo` into `dest` through the API at `apiUrl`, then `extra`. */
export const downloadArgs = (dest: string, apiUrl: string, extra: string[] = [], id = "1") => [
  "download",
  "--repo",
  repo,
  "--artifact-id",
  id,
  "--dest",
  dest,
  "--api-url",
  apiUrl,
  ...extra,
];

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
