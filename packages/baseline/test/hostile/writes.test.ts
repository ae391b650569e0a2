import { promises as fs } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BASELINE_REL, baselineDoc, removeTempProjects, tempProject } from "../helpers.ts";
import { expectKept, expectRefused, fingerprint, NOBODY, openToOthers, runChecked } from "./harness.ts";

// Item 9: write paths used to end in "unexpected error ... this is a bug" with a stack trace and a
// `.tmp` file left behind. Item 12: parallel report names used to collide (EEXIST ..._2.csv).
const SAMPLES = [10, 10.2, 9.9, 10.1, 10.05];
const CONFIG = JSON.stringify({ benchmarks: [{ name: "quick", command: "true" }] });
const doc = () => JSON.stringify(baselineDoc({ quick: SAMPLES }));
const HYPERFINE = JSON.stringify({
  results: [{ command: "sleep 0.1", times: [0.1, 0.101, 0.102], exit_codes: [0, 0, 0] }],
});
afterAll(removeTempProjects);

const importTo = (out: string) => ["import", "--format", "hyperfine", "h.json", "--out", out];

describe("hostile write paths: typed error, old file intact, no temp file", () => {
  it("import --out that is a folder", async () => {
    const dir = await tempProject({ "h.json": HYPERFINE, "outdir/keep.txt": "precious" });
    await expectRefused(dir, importTo("outdir"), {
      code: 2,
      message: /baseline file outdir \(--out\) is a directory, so it cannot be written as a file/,
      remedy: /name a file path with --out, e\.g\. outdir\/baseline\.json/,
    });
  });

  it("establish --out that is a folder fails before measuring", async () => {
    const dir = await tempProject({ "perfgate.config.json": CONFIG, "outdir/keep.txt": "precious" });
    const r = await expectRefused(dir, ["establish", "--runs", "1", "--out", "outdir"], {
      code: 2,
      message: /baseline file outdir \(--out\) is a directory/,
      remedy: /name a file path with --out/,
    });
    expect(r.stderr).not.toMatch(/configured benchmark/); // nothing was measured
  });

  it("--out whose parent is a file", async () => {
    const dir = await tempProject({ "h.json": HYPERFINE, afile: "not a folder" });
    await expectRefused(dir, importTo("afile/sub/b.json"), {
      code: 2,
      message: /baseline file afile\/sub\/b\.json \(--out\) cannot be created: a folder on its path is a file/,
      remedy: /whose folders are folders/,
    });
  });

  it("--out into a read-only folder keeps the old file", async () => {
    const dir = await tempProject({ "h.json": HYPERFINE, "ro/b.json": doc() });
    await openToOthers(dir);
    await fs.chmod(path.join(dir, "ro"), 0o555);
    await expectRefused(dir, importTo("ro/b.json"), {
      code: 2,
      message: /baseline file ro\/b\.json \(--out\) cannot be written \(permission denied\)/,
      remedy: /make its folder writable/,
      asUser: NOBODY,
    });
  });

  it("establish into a read-only metrics/baselines keeps the old baseline and measures nothing", async () => {
    const dir = await tempProject({ "perfgate.config.json": CONFIG, [BASELINE_REL]: doc() });
    await openToOthers(dir);
    await fs.chmod(path.join(dir, "metrics/baselines"), 0o555);
    const r = await expectRefused(dir, ["establish", "--runs", "1"], {
      code: 2,
      message: /baseline file metrics\/baselines\/current_performance_baseline\.json \(--out\) cannot be written/,
      remedy: /make its folder writable for this user, or write somewhere else/,
      asUser: NOBODY,
    });
    expect(r.stderr).not.toMatch(/configured benchmark/);
  });

  it("check --save-current to a folder fails before measuring", async () => {
    const dir = await tempProject({ "perfgate.config.json": CONFIG, [BASELINE_REL]: doc(), "saved/keep": "x" });
    await expectRefused(dir, ["check", "--save-current", "saved"], {
      code: 2,
      message: /baseline file saved \(--save-current\) is a directory/,
      remedy: /with --save-current/,
    });
  });

  it("check with a read-only metrics/ fails before measuring, naming --no-reports", async () => {
    const dir = await tempProject({ "perfgate.config.json": CONFIG, [BASELINE_REL]: doc() });
    await openToOthers(dir);
    await fs.chmod(path.join(dir, "metrics"), 0o555);
    await expectRefused(dir, ["check"], {
      code: 2,
      message: /report folder metrics\/reports cannot be written \(permission denied\)/,
      remedy: /make its folder writable .*; or pass --no-reports to skip the report files/,
      asUser: NOBODY,
    });
  });

  it("compare --reports with a read-only metrics/ after the verdict: the verdict stands, exit 2", async () => {
    const dir = await tempProject({ "a.json": doc(), "metrics/keep": "x" });
    await openToOthers(dir);
    await fs.chmod(path.join(dir, "metrics"), 0o555);
    const r = await expectRefused(dir, ["compare", "a.json", "a.json", "--reports"], {
      code: 2,
      message: /report folder metrics\/reports cannot be written \(permission denied\).*the verdict above stands/,
      remedy: /make its folder writable .*; or pass --no-reports to skip the report files/,
      asUser: NOBODY,
    });
    expect(r.stdout).toMatch(/No performance regression/);
  });

  it("compare --reports where metrics/exports is a file: the verdict stands, no report file is left", async () => {
    const dir = await tempProject({ "a.json": doc(), "metrics/exports": "in the way" });
    // All three report files or none: the one written before the failure is removed again.
    const r = await expectRefused(dir, ["compare", "a.json", "a.json", "--reports", "--json"], {
      code: 2,
      message:
        /report folder metrics\/exports cannot be created: a folder on its path is a file; the verdict above stands, but no report files were written/,
      remedy: /move the file that is in the way\); or pass --no-reports/,
    });
    const out = JSON.parse(r.stdout);
    expect(out.message).toMatch(/^No performance regression/);
    expect(out.reportsError.remedy).toMatch(/--no-reports/);
  });
});

describe("parallel report writers", () => {
  it("eight compare --reports started together all succeed with distinct files", async () => {
    const dir = await tempProject({ "a.json": doc() });
    const before = await fingerprint(dir);
    const runs = await Promise.all(
      Array.from({ length: 8 }, () => runChecked(dir, ["compare", "a.json", "a.json", "--reports"])),
    );
    for (const r of runs) {
      expect(r.code, r.output).toBe(0);
      expect(r.stdout).toMatch(/^No performance regression: 1 unchanged/m);
      expect(r.stderr).not.toMatch(/EEXIST|error/);
    }
    const reportFile = /^metrics\/((reports|exports|analysis)\/([a-z_]+_\d{8}_\d{6}(_\d+)?\.(txt|csv|json))?)?$/;
    expectKept(before, await fingerprint(dir), reportFile);
    const files = (
      await Promise.all(
        Object.values({ a: "metrics/reports", b: "metrics/exports", c: "metrics/analysis" }).map((d) =>
          fs.readdir(path.join(dir, d)),
        ),
      )
    ).flat();
    expect(files).toHaveLength(24);
    expect(new Set(files).size).toBe(24);
    // Each run printed the three names it created, and no two runs claim the same file.
    const claimed = runs.flatMap((r) => /Reports: (.+)/.exec(r.stdout)![1]!.split(", "));
    expect(new Set(claimed).size).toBe(24);
  }, 120_000);
});
