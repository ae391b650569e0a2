import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type MockServer, startMockServer } from "@perfgate/mock-github";
import AdmZip from "adm-zip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  completeRun,
  expireArtifact,
  freshRepo,
  listFiles,
  registerRun,
  runEnv,
  runStandIn,
  seedRun,
  tempDir,
  zipOf,
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

/**
 * `if_no_artifact_found: fail` exits 1 with the message as the one error (and no
 * error_message: that output is for errors, not for "nothing found"); `ignore` exits 0 and
 * only logs it. Both set found_artifact=false.
 */
async function expectFailAndIgnore(uses: string, repo: string, message: string) {
  const failing = await runPr(uses, repo, planInputs({ if_no_artifact_found: "fail" }));
  expect([failing.exitCode, failing.commands], failing.stdout).toEqual([1, [{ command: "error", message }]]);
  expect(failing.outputs.found_artifact).toBe("false");
  expect(failing.outputs).not.toHaveProperty("error_message");
  expect(failing.files).toEqual([]);
  const ignoring = await runPr(uses, repo, planInputs({ if_no_artifact_found: "ignore" }));
  expect([ignoring.exitCode, ignoring.commands], ignoring.stdout).toEqual([0, []]);
  expect(ignoring.stdout.split("\n")).toContain(message);
  expect(ignoring.outputs.found_artifact).toBe("false");
  expect(ignoring.files).toEqual([]);
}

const file = (ws: string) => readFile(join(ws, "metrics/baselines", BASELINE), "utf8");

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
      // Older stand-ins printed a line of their own here; the real action has none.
      expect(r.stdout).not.toContain("==> No run of workflow");
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
      await expectFailAndIgnore(uses, repo, "no artifacts found");
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
      await expectFailAndIgnore(uses, repo, "no downloadable artifacts found (expired)");
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
      // GitHub lists a fork's pull_request runs among the workflow's runs, with the fork's branch
      // name (often main) and the fork as head_repository.
      await seedRun(mock.url, repo, {
        event: "pull_request",
        headRepository: "mallory/fork",
        artifacts: baseline(666),
      });
      const r = await runPr(uses, repo, planInputs());
      expect(r.exitCode, r.stdout).toBe(0);
      expect(r.stdout).toContain(`==> Allow forks: ${forksByDefault}`);
      if (forksByDefault) {
        expect(await file(r.ws)).toBe('{"v":666}');
        expect(r.stdout).not.toContain("==> Skipping run from fork");
      } else {
        expect(r.stdout).toContain("==> Skipping run from fork: mallory/fork");
        expect(await file(r.ws)).toBe('{"v":1}');
      }
      const flipped = await runPr(uses, repo, planInputs({ allow_forks: String(!forksByDefault) }));
      expect(flipped.exitCode, flipped.stdout).toBe(0);
      expect(flipped.stdout.includes("==> Skipping run from fork: mallory/fork")).toBe(forksByDefault);
      expect(await file(flipped.ws)).toBe(forksByDefault ? '{"v":1}' : '{"v":666}');
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

    it("pr: the pull request's head commit selects the run", async () => {
      const repo = freshRepo("dw-pr");
      const head = "1".repeat(40);
      await seedRun(mock.url, repo, {
        branch: "feature-7",
        event: "pull_request",
        sha: head,
        pullNumber: 7,
        artifacts: baseline(7),
      });
      await seedRun(mock.url, repo, { artifacts: baseline(1) }); // newer, on main, another commit
      const r = await runPr(uses, repo, planInputs({ branch: "", pr: "7" }));
      expect(r.exitCode, r.stdout).toBe(0);
      expect(r.stdout).toContain("==> PR: 7\n");
      expect(r.stdout).toContain(`==> Commit: ${head}\n`);
      expect(r.stdout).not.toContain("==> Branch:");
      expect(await file(r.ws)).toBe('{"v":7}');
      const unknown = await runPr(uses, repo, planInputs({ branch: "", pr: "8" }));
      expect(unknown.exitCode).toBe(1);
      expect(unknown.outputs.error_message).toMatch(/^Not Found - /);
    });

    it("commit: the run of that head commit, not the newest", async () => {
      const repo = freshRepo("dw-commit");
      const older = "2".repeat(40);
      await seedRun(mock.url, repo, { sha: older, artifacts: baseline(2) });
      await seedRun(mock.url, repo, { artifacts: baseline(3) });
      const r = await runPr(uses, repo, planInputs({ branch: "", commit: older }));
      expect(r.exitCode, r.stdout).toBe(0);
      expect(r.stdout).toContain(`==> Commit: ${older}\n`);
      expect(await file(r.ws)).toBe('{"v":2}');
    });

    if (major === "v21") {
      it("ref: a branch of that name filters by branch, anything else by commit", async () => {
        const repo = freshRepo("dw-ref");
        const pinned = "3".repeat(40);
        await seedRun(mock.url, repo, { sha: pinned, artifacts: baseline(3) });
        await seedRun(mock.url, repo, { branch: "release", sha: "4".repeat(40), artifacts: baseline(4) });
        await seedRun(mock.url, repo, { artifacts: baseline(5) });
        const asBranch = await runPr(uses, repo, planInputs({ branch: "", ref: "release" }));
        expect(asBranch.exitCode, asBranch.stdout).toBe(0);
        expect(asBranch.stdout).toContain("==> Ref: release\n");
        expect(asBranch.stdout).toContain("==> Branch: release\n");
        expect(asBranch.stdout).not.toContain("==> Commit:");
        expect(await file(asBranch.ws)).toBe('{"v":4}');
        const asCommit = await runPr(uses, repo, planInputs({ branch: "", ref: pinned }));
        expect(asCommit.exitCode, asCommit.stdout).toBe(0);
        expect(asCommit.stdout).toContain(`==> Ref: ${pinned}\n`);
        expect(asCommit.stdout).toContain(`==> Commit: ${pinned}\n`);
        expect(asCommit.stdout).not.toContain("==> Branch:");
        expect(await file(asCommit.ws)).toBe('{"v":3}');
      });
    } else {
      it("has no ref input: a ref beside branch is neither refused nor read", async () => {
        const repo = freshRepo("dw-noref");
        await seedRun(mock.url, repo, { branch: "release", artifacts: baseline(4) });
        await seedRun(mock.url, repo, { artifacts: baseline(5) });
        const r = await runPr(uses, repo, planInputs({ ref: "release" }));
        expect(r.exitCode, r.stdout).toBe(0);
        expect(r.stdout).not.toContain("==> Ref:");
        expect(await file(r.ws)).toBe('{"v":5}');
      });
    }

    if (major === "v21") {
      it("use_unzip: the system's unzip extracts it (command line logged) and the zip is removed", async () => {
        const repo = freshRepo("dw-unzip");
        await seedRun(mock.url, repo, { artifacts: baseline(6) });
        const r = await runPr(uses, repo, planInputs({ use_unzip: "true" }));
        expect(r.exitCode, r.stdout).toBe(0);
        expect(r.files).toEqual([`metrics/baselines/${BASELINE}`]);
        expect(await file(r.ws)).toBe('{"v":6}');
        expect(r.stdout).toMatch(
          /^\[command\]\S*unzip metrics\/baselines\/performance-baseline\.zip -d metrics\/baselines\/$/m,
        );
      });
    }

    it("workflow_search: without workflow it searches the repository's runs; without either, the current run's workflow", async () => {
      const repo = freshRepo("dw-search");
      const nightly = await seedRun(mock.url, repo, { workflow: "nightly.yml", artifacts: baseline(9) });
      const r = await runPr(uses, repo, planInputs({ workflow: "", workflow_search: "true" }));
      const workflowOf = (id: number) => mock.store.snapshot().runs.find((run) => run.id === id)?.workflowId;
      expect(r.exitCode, r.stdout).toBe(0);
      expect(r.stdout).not.toContain("==> Workflow name:");
      expect(r.stdout).toContain(`==> (found) Run ID: ${nightly.id}\n`);
      expect(r.stdout).toContain(`==> (found) Workflow: ${workflowOf(nightly.id)}\n`);
      expect(await file(r.ws)).toBe('{"v":9}');
      // No workflow_search: the workflow of the run the step is in (ci.yml, no success on main).
      const inferred = await runPr(uses, repo, planInputs({ workflow: "" }));
      const current = mock.store.snapshot().runs.filter((run) => run.repo === repo && run.workflow === "ci.yml")[0]!;
      expect(inferred.exitCode, inferred.stdout).toBe(0);
      expect(inferred.stdout).toContain(`==> Workflow name: ${current.workflowId}\n`);
      expect(inferred.commands).toEqual([
        { command: "warning", message: "no matching workflow run found with any artifacts?" },
      ]);
    });

    it("skip_unpack: writes <path>/<name>.zip as downloaded", async () => {
      const repo = freshRepo("dw-skip");
      await seedRun(mock.url, repo, { artifacts: baseline(4) });
      const r = await runPr(uses, repo, planInputs({ skip_unpack: "true" }));
      expect(r.exitCode, r.stdout).toBe(0);
      expect(r.files).toEqual(["metrics/baselines/performance-baseline.zip"]);
      const zip = new AdmZip(join(r.ws, "metrics/baselines/performance-baseline.zip"));
      expect(zip.readAsText(BASELINE)).toBe('{"v":4}');
      expect(r.stdout).not.toContain("inflating");
      expect(r.outputs.found_artifact).toBe("true");
    });

    it("check_artifacts: passes over a newer run without any artifacts (without it that run is taken)", async () => {
      const repo = freshRepo("dw-check");
      const withArtifacts = await seedRun(mock.url, repo, { artifacts: baseline(1) });
      const bare = await seedRun(mock.url, repo, {});
      const plain = await runPr(uses, repo, planInputs());
      expect(plain.stdout).toContain(`==> (found) Run ID: ${bare.id}\n`);
      expect(plain.commands).toEqual([{ command: "warning", message: "no artifacts found" }]);
      const checked = await runPr(uses, repo, planInputs({ check_artifacts: "true" }));
      expect(checked.exitCode, checked.stdout).toBe(0);
      expect(checked.stdout).toContain(`==> (found) Run ID: ${withArtifacts.id}\n`);
      expect(await file(checked.ws)).toBe('{"v":1}');
    });

    it(`name_is_regexp: every matching artifact in <path>/<name>/${major === "v21" ? "; merge_multiple puts them all in <path>" : " (v3 has no merge_multiple)"}`, async () => {
      const repo = freshRepo("dw-regexp");
      await seedRun(mock.url, repo, {
        artifacts: { "perf-a": { "a.txt": "a" }, "perf-b": { "b.txt": "b" }, other: { "o.txt": "o" } },
      });
      const r = await runPr(uses, repo, planInputs({ name: "^perf-", name_is_regexp: "true" }));
      expect(r.exitCode, r.stdout).toBe(0);
      expect(r.files).toEqual(["metrics/baselines/perf-a/a.txt", "metrics/baselines/perf-b/b.txt"]);
      expect(
        JSON.parse(r.outputs.artifacts ?? "[]")
          .map((a: { name: string }) => a.name)
          .sort(),
      ).toEqual(["perf-a", "perf-b"]);
      const merged = await runPr(
        uses,
        repo,
        planInputs({ name: "^perf-", name_is_regexp: "true", merge_multiple: "true" }),
      );
      expect(merged.exitCode, merged.stdout).toBe(0);
      expect(merged.files).toEqual(
        major === "v21"
          ? ["metrics/baselines/a.txt", "metrics/baselines/b.txt"]
          : ["metrics/baselines/perf-a/a.txt", "metrics/baselines/perf-b/b.txt"],
      );
    });

    it(`artifacts come ${major === "v21" ? "oldest first (sorted by created_at)" : "in the API's order (newest first)"}`, async () => {
      const repo = freshRepo("dw-order");
      const run = await seedRun(mock.url, repo, { conclusion: null });
      const t0 = Date.now();
      try {
        mock.store.setNow(new Date(t0));
        await mock.store.addArtifact({ runId: run.id, name: "zz-first", content: zipOf({ "z.txt": "z" }) });
        mock.store.setNow(new Date(t0 + 5000));
        await mock.store.addArtifact({ runId: run.id, name: "aa-second", content: zipOf({ "a.txt": "a" }) });
      } finally {
        mock.store.setNow(null);
      }
      await completeRun(mock.url, run.id, "success");
      const r = await runPr(uses, repo, planInputs({ name: "", dry_run: "true" }));
      expect(r.exitCode, r.stdout).toBe(0);
      expect(JSON.parse(r.outputs.artifacts ?? "[]").map((a: { name: string }) => a.name)).toEqual(
        major === "v21" ? ["zz-first", "aa-second"] : ["aa-second", "zz-first"],
      );
    });

    it("run_number and event filter the runs", async () => {
      const repo = freshRepo("dw-filters");
      await seedRun(mock.url, repo, { event: "schedule", artifacts: baseline(1) }); // run #1
      await seedRun(mock.url, repo, { artifacts: baseline(2) }); // run #2
      await seedRun(mock.url, repo, { artifacts: baseline(3) }); // run #3
      const byNumber = await runPr(uses, repo, planInputs({ run_number: "2" }));
      expect(byNumber.exitCode, byNumber.stdout).toBe(0);
      expect(byNumber.stdout).toContain("==> Run number: 2\n");
      expect(await file(byNumber.ws)).toBe('{"v":2}');
      // The real action compares loosely (run.run_number != run_number): "02" is run 2.
      const padded = await runPr(uses, repo, planInputs({ run_number: "02" }));
      expect(padded.exitCode, padded.stdout).toBe(0);
      expect(await file(padded.ws)).toBe('{"v":2}');
      const byEvent = await runPr(uses, repo, planInputs({ event: "schedule" }));
      expect(byEvent.exitCode, byEvent.stdout).toBe(0);
      expect(byEvent.stdout).toContain("==> Event: schedule\n");
      expect(await file(byEvent.ws)).toBe('{"v":1}');
      const none = await runPr(uses, repo, planInputs({ event: "schedule", run_number: "2" }));
      expect(none.commands).toEqual([
        { command: "warning", message: "no matching workflow run found with any artifacts?" },
      ]);
    });

    it('workflow_conclusion "" takes the newest run whatever its state; with no run at all it says `no matching artifact in this workflow?`', async () => {
      const repo = freshRepo("dw-anyconclusion");
      await seedRun(mock.url, repo, { artifacts: baseline(1) });
      const running = await seedRun(mock.url, repo, { conclusion: null, artifacts: baseline(2) });
      const r = await runPr(uses, repo, planInputs({ workflow_conclusion: "" }));
      expect(r.exitCode, r.stdout).toBe(0);
      expect(r.stdout).toContain("==> Workflow conclusion: \n");
      expect(r.stdout).toContain(`==> (found) Run ID: ${running.id}\n`);
      expect(await file(r.ws)).toBe('{"v":2}');
      for (const conclusion of ["", "in_progress"]) {
        const none = await runPr(uses, repo, planInputs({ workflow_conclusion: conclusion, branch: "nowhere" }));
        expect([none.exitCode, none.commands], none.stdout).toEqual([
          0,
          [{ command: "warning", message: "no matching artifact in this workflow?" }],
        ]);
        expect(none.outputs.found_artifact).toBe("false");
      }
    });

    it("no token: fails with @actions/core's required-input error before anything else", async () => {
      const repo = freshRepo("dw-notoken");
      await seedRun(mock.url, repo, { artifacts: baseline(1) });
      const r = await runPr(uses, repo, planInputs({ github_token: "" }));
      const message = "Input required and not supplied: github_token";
      expect([r.exitCode, r.commands]).toEqual([1, [{ command: "error", message }]]);
      expect(r.outputs).toEqual({ found_artifact: "false", error_message: message });
      expect(r.stdout).not.toContain("==> Repository:");
      expect(r.files).toEqual([]);
    });
  });
}
