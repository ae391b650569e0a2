import { mkdir, readFile, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { type MockServer, startMockServer } from "@perfgate/mock-github";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  expireArtifact,
  freshRepo,
  listFiles,
  registerRun,
  runEnv,
  runStandIn,
  seedRun,
  tempDir,
} from "./stand-in-harness.ts";

// Contract of dawidd6/action-download-artifact (v3.1.4 and the current major), each row a
// behaviour of the real action read from its source: store state in; outputs, warnings, exit
// code and files out. Bundles run as real processes against the served mock GitHub.
let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer();
});
afterAll(async () => {
  await mock?.close();
});

const BASELINE = "current_performance_baseline.json";
const baseline = (v: number) => ({ "performance-baseline": { [BASELINE]: `{"v":${v}}` } });

/** The plan's inputs (testing-quality-gates.yml): everything else is the action's default. */
const planInputs = (over: Record<string, string> = {}) => ({
  workflow: "ci.yml",
  branch: "main",
  name: "performance-baseline",
  path: "metrics/baselines/",
  if_no_artifact_found: "warn",
  ...over,
});

/** A pull_request run of the repository, whose step runs the stand-in. */
async function runPr(uses: string, repo: string, inputs: Record<string, string>) {
  const pr = await registerRun(mock.url, {
    repo,
    workflow: "ci.yml",
    branch: "feature",
    event: "pull_request",
    sha: "b".repeat(40),
  });
  const ws = await tempDir("ws-dw-");
  const r = await runStandIn(uses, inputs, { ...runEnv(mock.url, repo, pr), GITHUB_TOKEN: "ghs_contract" }, ws);
  return { ...r, ws, files: await listFiles(ws) };
}

const file = (ws: string) => readFile(join(ws, "metrics/baselines", BASELINE), "utf8");

/**
 * GitHub lists a fork's pull_request runs among the workflow's runs, with the fork as
 * `head_repository` (and the fork's branch name, often `main`). The mock has no forks, so this
 * pass-through in front of its REST API reports the chosen runs as coming from `fork`.
 */
async function forkingProxy(
  target: string,
  forkRunIds: Set<number>,
  fork: string,
): Promise<{ url: string; server: Server }> {
  const server = createServer(async (req, res) => {
    const upstream = await fetch(`${target}${req.url}`, {
      method: req.method,
      headers: Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== "host")) as Record<string, string>,
      redirect: "manual",
    });
    let body = Buffer.from(await upstream.arrayBuffer());
    if (/\/runs(\?|$)/.test(req.url ?? "") && upstream.headers.get("content-type")?.includes("json")) {
      const json = JSON.parse(body.toString("utf8")) as {
        workflow_runs?: { id: number; head_repository: { full_name: string } }[];
      };
      for (const run of json.workflow_runs ?? []) if (forkRunIds.has(run.id)) run.head_repository.full_name = fork;
      body = Buffer.from(JSON.stringify(json));
    }
    const headers = Object.fromEntries(
      [...upstream.headers].filter(([k]) => !["content-length", "content-encoding", "transfer-encoding"].includes(k)),
    );
    res.writeHead(upstream.status, headers).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

for (const major of ["v3", "v21"] as const) {
  const uses = `dawidd6/action-download-artifact@${major}`;
  const forksByDefault = major === "v3";

  describe(`${uses} stand-in`, () => {
    it("no run of the workflow on the branch: warns, found_artifact=false, artifacts unset; fail mode exits 1", async () => {
      const repo = freshRepo("dw-none");
      await seedRun(mock.url, repo, { branch: "other", artifacts: baseline(1) });
      const r = await runPr(uses, repo, planInputs());
      expect(r.exitCode, r.stdout).toBe(0);
      expect(r.commands).toEqual([
        { command: "warning", message: "no matching workflow run found with any artifacts?" },
      ]);
      expect(r.outputs.found_artifact).toBe("false");
      expect(r.outputs).not.toHaveProperty("artifacts");
      expect(r.files).toEqual([]);
      expect(r.stdout).toContain(`==> Allow forks: ${forksByDefault}`);
      const failing = await runPr(uses, repo, planInputs({ if_no_artifact_found: "fail" }));
      expect(failing.exitCode).toBe(1);
      expect(failing.commands).toEqual([
        { command: "error", message: "no matching workflow run found with any artifacts?" },
      ]);
      const ignoring = await runPr(uses, repo, planInputs({ if_no_artifact_found: "ignore" }));
      expect([ignoring.exitCode, ignoring.commands]).toEqual([0, []]);
      expect(ignoring.stdout).toContain("no matching workflow run found with any artifacts?");
    });

    it("newest run has no such artifact, an older one has: `no artifacts found`, nothing downloaded, artifacts=[]", async () => {
      const repo = freshRepo("dw-missing");
      await seedRun(mock.url, repo, { artifacts: baseline(1) });
      await seedRun(mock.url, repo, { artifacts: { other: { "x.txt": "x" } } });
      const r = await runPr(uses, repo, planInputs());
      expect(r.exitCode, r.stdout).toBe(0);
      expect(r.commands).toEqual([{ command: "warning", message: "no artifacts found" }]);
      expect(r.outputs.found_artifact).toBe("false");
      expect(r.outputs.artifacts).toBe("[]");
      expect(r.files).toEqual([]);
      expect(r.stdout).toContain("==> (not found) Artifact: performance-baseline");
      expect(r.stdout).toContain("\t==> (found) Artifact: other");
      // Only search_artifacts walks back to the older run.
      const searched = await runPr(uses, repo, planInputs({ search_artifacts: "true" }));
      expect(searched.exitCode, searched.stdout).toBe(0);
      expect(searched.outputs.found_artifact).toBe("true");
      expect(await file(searched.ws)).toBe('{"v":1}');
    });

    it("newest run's artifact expired while an older one is live: warns (expired), downloads nothing", async () => {
      const repo = freshRepo("dw-expired");
      const older = await seedRun(mock.url, repo, { artifacts: baseline(1) });
      const newest = await seedRun(mock.url, repo, { artifacts: baseline(2) });
      await expireArtifact(mock.url, newest.artifactIds["performance-baseline"]!);
      const r = await runPr(uses, repo, planInputs());
      expect(r.exitCode, r.stdout).toBe(0);
      expect(r.commands).toEqual([{ command: "warning", message: "no downloadable artifacts found (expired)" }]);
      expect(r.outputs.found_artifact).toBe("false");
      expect(JSON.parse(r.outputs.artifacts ?? "null")).toMatchObject([
        { id: newest.artifactIds["performance-baseline"], expired: true },
      ]);
      expect(r.files).toEqual([]);
      expect(r.stdout).toContain(`==> (found) Run ID: ${newest.id}`);
      expect(r.stdout).not.toContain(`==> (found) Run ID: ${older.id}`);
    });

    it("newest live: downloads it under path, logs `inflating: <path>/<file>`, sets found_artifact and artifacts", async () => {
      const repo = freshRepo("dw-live");
      await seedRun(mock.url, repo, { artifacts: baseline(1) });
      const newest = await seedRun(mock.url, repo, { artifacts: baseline(2) });
      const r = await runPr(uses, repo, planInputs());
      expect(r.exitCode, r.stdout).toBe(0);
      expect(r.commands).toEqual([]);
      expect(r.files).toEqual([`metrics/baselines/${BASELINE}`]);
      expect(await file(r.ws)).toBe('{"v":2}');
      expect(r.outputs.found_artifact).toBe("true");
      expect(r.outputs).not.toHaveProperty("error_message");
      expect(JSON.parse(r.outputs.artifacts ?? "[]")).toMatchObject([
        { id: newest.artifactIds["performance-baseline"], name: "performance-baseline" },
      ]);
      expect(r.stdout).toContain(`  inflating: metrics/baselines/${BASELINE}`);
      expect(r.stdout).toMatch(/==> Downloading: performance-baseline\.zip \(\d+(\.\d+)? (B|kB)\)/);
    });

    it("a failed newer run is passed over (workflow_conclusion: success); the older successful run's artifact is used", async () => {
      const repo = freshRepo("dw-failed");
      const ok = await seedRun(mock.url, repo, { artifacts: baseline(1) });
      await seedRun(mock.url, repo, { conclusion: "failure", artifacts: baseline(2) });
      await seedRun(mock.url, repo, { conclusion: null, artifacts: baseline(3) }); // still running
      const r = await runPr(uses, repo, planInputs());
      expect(r.exitCode, r.stdout).toBe(0);
      expect(r.stdout).toContain(`==> (found) Run ID: ${ok.id}`);
      expect(await file(r.ws)).toBe('{"v":1}');
    });

    it(`a fork's run on main is ${forksByDefault ? "taken (allow_forks: true)" : "skipped (allow_forks: false)"} by default`, async () => {
      const repo = freshRepo("dw-fork");
      await seedRun(mock.url, repo, { artifacts: baseline(1) });
      const forkRun = await seedRun(mock.url, repo, { event: "pull_request", artifacts: baseline(666) });
      const proxy = await forkingProxy(mock.url, new Set([forkRun.id]), "mallory/fork");
      try {
        const pr = await registerRun(mock.url, {
          repo,
          workflow: "ci.yml",
          branch: "f",
          event: "pull_request",
          sha: "e".repeat(40),
        });
        const ws = await tempDir("ws-dw-fork-");
        const env = { ...runEnv(mock.url, repo, pr), GITHUB_API_URL: proxy.url, GITHUB_TOKEN: "t" };
        const r = await runStandIn(uses, planInputs(), env, ws);
        expect(r.exitCode, r.stdout).toBe(0);
        expect(r.stdout).toContain(`==> Allow forks: ${forksByDefault}`);
        if (forksByDefault) {
          expect(await file(ws)).toBe('{"v":666}');
        } else {
          expect(r.stdout).toContain("==> Skipping run from fork: mallory/fork");
          expect(await file(ws)).toBe('{"v":1}');
        }
        const flipped = await runStandIn(
          uses,
          planInputs({ allow_forks: String(!forksByDefault) }),
          env,
          await tempDir("ws-dw-fork2-"),
        );
        expect(flipped.exitCode, flipped.stdout).toBe(0);
        expect(flipped.stdout.includes("==> Skipping run from fork: mallory/fork")).toBe(forksByDefault);
      } finally {
        await new Promise((resolve) => proxy.server.close(resolve));
      }
    });

    it("pages past the first 30 runs to the newest successful one", async () => {
      const repo = freshRepo("dw-pages");
      const ok = await seedRun(mock.url, repo, { artifacts: baseline(7) });
      for (let i = 0; i < 31; i++) await seedRun(mock.url, repo, { conclusion: "failure" });
      const r = await runPr(uses, repo, planInputs());
      expect(r.exitCode, r.stdout).toBe(0);
      expect(r.stdout).toContain(`==> (found) Run ID: ${ok.id}`);
      expect(await file(r.ws)).toBe('{"v":7}');
    }, 60_000);

    it("overwrites a file already at the destination", async () => {
      const repo = freshRepo("dw-overwrite");
      await seedRun(mock.url, repo, { artifacts: baseline(5) });
      const pr = await registerRun(mock.url, {
        repo,
        workflow: "ci.yml",
        branch: "f",
        event: "pull_request",
        sha: "c".repeat(40),
      });
      const ws = await tempDir("ws-dw-ow-");
      await mkdir(join(ws, "metrics/baselines"), { recursive: true });
      await writeFile(join(ws, "metrics/baselines", BASELINE), "stale");
      const r = await runStandIn(uses, planInputs(), { ...runEnv(mock.url, repo, pr), GITHUB_TOKEN: "t" }, ws);
      expect(r.exitCode, r.stdout).toBe(0);
      expect(await file(ws)).toBe('{"v":5}');
    });

    it("without name: every artifact of the run, each in <path>/<artifact name>/", async () => {
      const repo = freshRepo("dw-several");
      await seedRun(mock.url, repo, { artifacts: { ...baseline(1), report: { "r.txt": "r", "d/e.txt": "e" } } });
      const r = await runPr(uses, repo, planInputs({ name: "" }));
      expect(r.exitCode, r.stdout).toBe(0);
      expect(r.files).toEqual([
        `metrics/baselines/performance-baseline/${BASELINE}`,
        "metrics/baselines/report/d/e.txt",
        "metrics/baselines/report/r.txt",
      ]);
      expect(
        JSON.parse(r.outputs.artifacts ?? "[]")
          .map((a: { name: string }) => a.name)
          .sort(),
      ).toEqual(["performance-baseline", "report"]);
    });

    it("an unknown workflow fails the step with GitHub's message in error_message", async () => {
      const repo = freshRepo("dw-unknown");
      await seedRun(mock.url, repo, { artifacts: baseline(1) });
      const r = await runPr(uses, repo, planInputs({ workflow: "nope.yml" }));
      expect(r.exitCode).toBe(1);
      expect(r.outputs.error_message).toBe("Not Found - https://docs.github.com/rest");
      expect(r.outputs.found_artifact).toBe("false");
      expect(r.commands).toEqual([{ command: "error", message: "Not Found - https://docs.github.com/rest" }]);
    });

    it("run_id downloads from that run; together with branch it is refused as upstream", async () => {
      const repo = freshRepo("dw-runid");
      const older = await seedRun(mock.url, repo, { artifacts: baseline(1) });
      await seedRun(mock.url, repo, { artifacts: baseline(2) });
      const r = await runPr(uses, repo, planInputs({ branch: "", run_id: String(older.id) }));
      expect(r.exitCode, r.stdout).toBe(0);
      expect(await file(r.ws)).toBe('{"v":1}');
      const both = await runPr(uses, repo, planInputs({ run_id: String(older.id) }));
      expect(both.exitCode).toBe(1);
      const keys = major === "v3" ? "pr, commit, branch, run_id" : "pr, commit, branch, ref, run_id";
      expect(both.outputs.error_message).toBe(`The following inputs cannot be used together: ${keys}`);
    });

    it("dry_run reports what it would download and writes nothing", async () => {
      const repo = freshRepo("dw-dry");
      await seedRun(mock.url, repo, { artifacts: baseline(1) });
      const r = await runPr(uses, repo, planInputs({ dry_run: "true" }));
      expect(r.exitCode, r.stdout).toBe(0);
      expect([r.outputs.dry_run, r.outputs.found_artifact, r.files]).toEqual(["true", "true", []]);
      expect(r.stdout).toContain("\t==> Name: performance-baseline");
    });
  });
}
