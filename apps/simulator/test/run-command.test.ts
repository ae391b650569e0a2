import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createMockClient, startMockServer } from "@perfgate/mock-github";
import { ensureToolchain, RUN_LABEL_KEY, type RunResult } from "@perfgate/workflow-driver";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCommand } from "../src/run-command.ts";

const PASS = `name: Run Command Pass
on: [push, pull_request]
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - name: Compute
        run: echo "::warning title=Slow::bench_sort is close to the threshold"
`;

function capture() {
  const out = { stdout: "", stderr: "" };
  const io = {
    stdout: (s: string) => {
      out.stdout += s;
    },
    stderr: (s: string) => {
      out.stderr += s;
    },
  };
  return { out, io };
}

const dirs: string[] = [];
/** A git repository holding the given workflow files (act reads git metadata). */
async function repoWith(workflows: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "sim-run-"));
  dirs.push(dir);
  await mkdir(join(dir, ".github", "workflows"), { recursive: true });
  for (const [name, text] of Object.entries(workflows)) await writeFile(join(dir, ".github", "workflows", name), text);
  const env = { GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@t", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@t" };
  for (const args of [
    ["init", "-q", "-b", "main"],
    ["add", "-A"],
    ["commit", "-qm", "fixture"],
  ])
    await execa("git", args, { cwd: dir, env });
  return dir;
}

async function leftoverContainers(): Promise<string[]> {
  const res = await execa("docker", ["ps", "-a", "--filter", `label=${RUN_LABEL_KEY}`, "--format", "{{.Names}}"]);
  return res.stdout.split("\n").filter((n) => /Run-Command-Pass/i.test(n));
}

beforeAll(async () => {
  await ensureToolchain();
}, 600_000);
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe("simulate run (runCommand)", () => {
  it("runs a repository's workflow against a mock it starts itself and prints the result as JSON", async () => {
    const dir = await repoWith({ "pass.yml": PASS });
    const { out, io } = capture();
    const code = await runCommand([dir, "--event", "push", "--job", "build", "--json"], io);
    expect(code, out.stderr).toBe(0);
    const result = JSON.parse(out.stdout) as RunResult;
    expect(result.jobs.map((j) => [j.id, j.result])).toEqual([["build", "success"]]);
    // The scenarios' printer: job frame, step mark, annotation.
    expect(out.stderr).toContain("┌ job build");
    expect(out.stderr).toContain("✓ Compute");
    expect(out.stderr).toContain("warning: bench_sort is close to the threshold");
    expect(await leftoverContainers()).toEqual([]);
  }, 180_000);

  it("registers every workflow file of the repository with a mock it is given, so one that never ran lists 0 runs", async () => {
    const dir = await repoWith({ "pass.yml": PASS, "nightly.yaml": PASS });
    const mock = await startMockServer();
    try {
      const { out, io } = capture();
      const code = await runCommand(
        [
          dir,
          "--event",
          "push",
          "--workflow",
          ".github/workflows/pass.yml",
          "--repo",
          "octo/app",
          "--api-url",
          mock.url,
        ],
        io,
      );
      expect(code, out.stderr).toBe(0);
      const state = await createMockClient(mock.url).state();
      expect(state.workflows.map((w) => w.file).sort()).toEqual(["nightly.yaml", "pass.yml"]);
      expect(state.runs.map((r) => [r.repo, r.workflow, r.conclusion])).toEqual([["octo/app", "pass.yml", "success"]]);
      // What a step asking GitHub for the other workflow's runs gets: 200 and none, not 404.
      const nightly = await fetch(`${mock.url}/repos/octo/app/actions/workflows/nightly.yaml/runs`, {
        headers: { authorization: "token any" },
      });
      expect(nightly.status).toBe(200);
      expect(((await nightly.json()) as { total_count: number }).total_count).toBe(0);
    } finally {
      await mock.close();
    }
    expect(await leftoverContainers()).toEqual([]);
  }, 180_000);

  it("exits 2 with a remedy when the workflow cannot be chosen or the input is wrong", async () => {
    const dir = await repoWith({ "a.yml": PASS, "b.yml": PASS });
    const { out, io } = capture();
    expect(await runCommand([dir, "--event", "push"], io)).toBe(2);
    expect(out.stderr).toMatch(/holds 2 workflows .*\n {2}remedy: Name one with --workflow/);
    const bad = capture();
    expect(await runCommand([dir, "--event", "release"], bad.io)).toBe(2);
    expect(bad.out.stderr).toMatch(/Invalid values/);
  });
});
