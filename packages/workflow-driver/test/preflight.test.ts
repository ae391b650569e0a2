import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PreflightError, planWorkflow, preflight, runWorkflow } from "../src/run/index.ts";
import { defaultStandIns } from "../src/run/stand-ins.ts";
import { fixturesDir } from "./helpers.ts";

const mock = { apiUrl: "http://127.0.0.1:9", resultsUrl: "http://127.0.0.1:9/", runtimeToken: "unused" };

describe("preflight", () => {
  it("stops a workflow whose uses: has no stand-in, naming the step, before starting act", async () => {
    const run = runWorkflow({
      actPath: "/nonexistent/act", // proves act is never started
      image: "none",
      repoDir: `${fixturesDir}/basics`,
      workflowFile: ".github/workflows/unmapped.yml",
      event: "push",
      ref: "refs/heads/main",
      sha: "a".repeat(40),
      mock,
    });
    await expect(run).rejects.toThrow(
      "step 'Set up Python' uses actions/setup-python@v5, which cannot be fetched offline; add a stand-in",
    );
    await expect(run).rejects.toMatchObject({ code: "UNMAPPED_ACTION", name: "PreflightError" });
  });

  it("for a major no stand-in covers, names the majors that are covered", async () => {
    const text = `
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - name: Upload
        uses: actions/upload-artifact@v3
        with: { path: x }`;
    const file = join(await mkdtemp(join(tmpdir(), "pf-")), "old.yml");
    await writeFile(file, text);
    const err = await preflight(file, { standIns: defaultStandIns() }).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: "UNMAPPED_ACTION",
      message:
        "step 'Upload' uses actions/upload-artifact@v3, which cannot be fetched offline; " +
        "the stand-ins cover actions/upload-artifact @v4, @v6, @v7",
    });
    expect((err as PreflightError).remedy).toContain(
      "Use one of actions/upload-artifact@v4, actions/upload-artifact@v6, actions/upload-artifact@v7, or add",
    );
  });

  it("maps a release of a covered major (@v4.6.2, @v3.1) to that major's stand-in; a commit SHA is refused", async () => {
    const dir = await mkdtemp(join(tmpdir(), "pf-"));
    const file = join(dir, "pinned.yml");
    await writeFile(
      file,
      `
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/upload-artifact@v4.6.2
        with: { path: x }
      - uses: dawidd6/action-download-artifact@v3.1
        with: { workflow: ci.yml }`,
    );
    const standIns = defaultStandIns();
    const dirOf = (uses: string) => standIns.find((s) => s.uses === uses)!.dir;
    const plan = await preflight(file, { standIns });
    expect(plan.standIns.filter((s) => !standIns.includes(s))).toEqual([
      { uses: "actions/upload-artifact@v4.6.2", dir: dirOf("actions/upload-artifact@v4") },
      { uses: "dawidd6/action-download-artifact@v3.1", dir: dirOf("dawidd6/action-download-artifact@v3") },
    ]);

    const sha = "b4b15b8c7c6ac21ea08fcf65892d2ee8c75cf882";
    await writeFile(
      file,
      `jobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/upload-artifact@${sha}\n`,
    );
    const err = await preflight(file, { standIns }).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: "UNMAPPED_ACTION",
      message: expect.stringContaining(
        `uses actions/upload-artifact@${sha}, which cannot be fetched offline; the stand-ins cover actions/upload-artifact @v4, @v6, @v7 (a commit SHA names no release: pin the major tag instead)`,
      ),
    });
    // A release of a major no stand-in covers is refused like the major itself.
    await writeFile(
      file,
      "jobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/upload-artifact@v3.1.3\n",
    );
    await expect(preflight(file, { standIns })).rejects.toMatchObject({ code: "UNMAPPED_ACTION" });
  });

  it("treats an unknown runs-on label as an error instead of a silently skipped job", async () => {
    await expect(
      preflight(`${fixturesDir}/basics/.github/workflows/windows.yml`, { standIns: [] }),
    ).rejects.toMatchObject({
      code: "UNKNOWN_RUNNER_LABEL",
      message: "job 'win' runs on windows-latest, which has no local runner image (act would silently skip the job)",
    });
  });

  it("accepts the repository's own actions/checkout and the default stand-ins; lists every uses:", async () => {
    const plan = await preflight(`${fixturesDir}/artifacts/.github/workflows/perf.yml`, {
      standIns: defaultStandIns(),
    });
    expect(plan.name).toBe("Driver Artifacts");
    expect(plan.uses.map((u) => u.uses)).toEqual([
      "mamba-org/setup-micromamba@v2",
      "actions/setup-node@v4",
      "dawidd6/action-download-artifact@v3",
      "actions/download-artifact@v4",
      "actions/upload-artifact@v4",
      "actions/upload-artifact@v4",
    ]);
  });

  it("rejects checkout of another repository, a matrix label it cannot map, and an unknown job", async () => {
    const other = `
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with: { repository: other/thing }`;
    const file = join(await mkdtemp(join(tmpdir(), "pf-")), "other.yml");
    await writeFile(file, other);
    await expect(preflight(file, { standIns: defaultStandIns() })).rejects.toThrow(
      "step 'actions/checkout@v4' uses actions/checkout@v4, which cannot be fetched offline; add a stand-in",
    );
    const matrix = `
jobs:
  a:
    runs-on: \${{ matrix.os }}
    strategy: { matrix: { os: [ubuntu-22.04, macos-14] } }
    steps: [{ run: echo }]`;
    expect(() => planWorkflow(matrix, "m.yml")).toThrow(PreflightError);
    expect(() => planWorkflow(matrix, "m.yml")).toThrow("job 'a' runs on macos-14");
    expect(() => planWorkflow("jobs: {a: {runs-on: ubuntu-latest, steps: []}}", "x.yml", "b")).toThrow(
      "workflow x.yml has no job 'b' (jobs: a)",
    );
    expect(() => planWorkflow("jobs: [", "bad.yml")).toThrow(/bad.yml is not valid YAML/);
    expect(() => planWorkflow("jobs: {a: {needs: ghost, runs-on: ubuntu-latest, steps: []}}", "g.yml")).toThrow(
      "job 'a' needs 'ghost', which is not a job of this workflow (jobs: a)",
    );
  });

  it("with a job selected, checks that job and the jobs it needs only", () => {
    const text = `
jobs:
  a: { runs-on: ubuntu-latest, steps: [{ run: echo a }] }
  b: { needs: a, runs-on: ubuntu-24.04, steps: [{ id: s, run: echo b }] }
  w: { runs-on: windows-latest, steps: [{ run: echo w }] }`;
    const plan = planWorkflow(text, "sel.yml", "b");
    expect(plan.jobs.map((j) => [j.id, j.needs, j.steps])).toEqual([
      ["a", [], [{ id: "0", name: "echo a" }]],
      ["b", ["a"], [{ id: "s", name: "echo b" }]],
    ]);
    expect(plan.name).toBe("sel.yml");
  });
});
