import { promises as fs } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadBaseline } from "../src/baseline-file.ts";
import { commitAll, removeTempProjects, runCli, tempProject } from "./helpers.ts";
import { ensureHyperfine, pytestBenchmarkVenv, run } from "./real-tools.ts";

// Imports of real tools' files, compared as `perfgate compare` does. The rounds of one
// pytest-benchmark process (a thousand and more) used to be taken as independent samples: a file
// checked against itself re-run on unchanged code could read "regressed +34.8% p<0.001". One
// imported file is one independent sample per benchmark; a verdict needs several files a side.

const PYTEST_WORK = `import os

WORK = int(os.environ.get("WORK", "1"))
LINES = [f"10.0.0.{i % 97} - - GET /p/{i % 13}" for i in range(2000)]


def parse(lines):
    counts = {}
    for _ in range(WORK):
        for line in lines:
            key = line.split(" ", 1)[0]
            counts[key] = counts.get(key, 0) + 1
    return sorted(counts.items(), key=lambda kv: -kv[1])[:10]


def test_parse(benchmark):
    benchmark(parse, LINES)


def test_sum(benchmark):
    benchmark(lambda: sum(range(3000 * WORK)))
`;

const LOGSTAT = `import os
import sys
from collections import Counter

REPEAT = int(os.environ.get("LOGSTAT_REPEAT", "1"))


def main():
    command, path = sys.argv[1], sys.argv[2]
    with open(path) as f:
        lines = f.readlines()
    for _ in range(REPEAT):
        counts = Counter(line.split(" ", 1)[0] for line in lines)
    if command == "top":
        for ip, n in counts.most_common(5):
            print(ip, n)


main()
`;
const LOGSTAT_COMMAND = "python3 logstat.py top data/access.log";
const ACCESS_LOG = Array.from({ length: 60_000 }, (_, i) => `10.1.${i % 7}.${i % 251} - - GET /x/${i % 17}\n`).join("");

let python: string;
let hyperfine: string;
/** PATH with the venv first: `python3` is then the interpreter itself, not a version manager's shim script. */
let pathWithVenv: string;
beforeAll(async () => {
  const tools = await tempProject({});
  [python, hyperfine] = await Promise.all([pytestBenchmarkVenv(path.join(tools, "venv")), ensureHyperfine()]);
  pathWithVenv = `${path.dirname(python)}${path.delimiter}${process.env["PATH"]}`;
}, 300_000);
afterAll(removeTempProjects);

/** One pytest-benchmark process writing `out`; WORK=3 triples the work of both benchmarks. */
async function pytest(dir: string, out: string, options: { work?: number; saveData?: boolean } = {}): Promise<void> {
  const args = ["-m", "pytest", "-q", "-p", "no:cacheprovider", `--benchmark-json=${out}`, "test_work.py"];
  if (options.saveData) args.push("--benchmark-save-data", "--benchmark-max-time=0.2");
  else args.push("--benchmark-min-rounds=5", "--benchmark-max-time=0.05");
  await run(python, args, { cwd: dir, env: { ...process.env, WORK: String(options.work ?? 1) } });
}

/** One hyperfine invocation of the logstat command writing `out`; LOGSTAT_REPEAT=10 does its counting ten times. */
async function hyperfineRun(dir: string, out: string, repeat = 1): Promise<void> {
  const args = ["-N", "--style", "none", "--warmup", "1", "--runs", "5", "--export-json", out, LOGSTAT_COMMAND];
  const env = { ...process.env, PATH: pathWithVenv, LOGSTAT_REPEAT: String(repeat) };
  await run(hyperfine, args, { cwd: dir, env });
}

async function perfgate(dir: string, args: string[]) {
  const r = await runCli(args, { cwd: dir, env: { PATH: pathWithVenv } });
  return { ...r, doc: r.stdout.trim().startsWith("{") ? JSON.parse(r.stdout) : undefined };
}

type Decision = { name: string; verdict: string; reason: string };
const verdicts = (doc: { benchmarks: Decision[] }) =>
  Object.fromEntries(doc.benchmarks.map((d) => [d.name, d.verdict]));

describe("imports of real pytest-benchmark files", () => {
  it("a file against itself re-run on unchanged code: inconclusive (one process a side), never regressed", async () => {
    const dir = await tempProject({ "test_work.py": PYTEST_WORK });
    await pytest(dir, "run1.json", { saveData: true });
    await pytest(dir, "run2.json", { saveData: true });
    const rounds = JSON.parse(await fs.readFile(path.join(dir, "run1.json"), "utf8")).benchmarks[0].stats.data.length;
    expect(rounds, "pytest-benchmark timed many rounds in the one process").toBeGreaterThan(50);
    for (const [file, out] of [
      ["run1.json", "base.json"],
      ["run2.json", "current.json"],
    ]) {
      const imported = await perfgate(dir, ["import", "--format", "pytest-benchmark", file!, "--out", out!]);
      expect(imported.code, imported.output).toBe(0);
      expect(imported.stderr).toMatch(/each imported file is one independent sample per benchmark/);
    }
    expect((await loadBaseline(path.join(dir, "base.json"))).benchmarks.map((b) => b.samples.length)).toEqual([1, 1]);
    const r = await perfgate(dir, ["compare", "base.json", "current.json", "--json"]);
    expect(r.code, r.output).toBe(0);
    expect(verdicts(r.doc)).toEqual({ test_parse: "inconclusive", test_sum: "inconclusive" });
    for (const d of r.doc.benchmarks as Decision[])
      expect(d.reason).toMatch(/1 imported run in the baseline and 1 in the current results.*at least 4 a side/);
  });

  it("several runs a side (files at once, or --append): unchanged code is not regressed, a 3x slowdown is", async () => {
    const dir = await tempProject({ "test_work.py": PYTEST_WORK });
    // Interleaved, as a fair A/B is: drift of the machine hits every side alike.
    for (let i = 1; i <= 4; i++) {
      await pytest(dir, `base${i}.json`);
      await pytest(dir, `same${i}.json`);
      await pytest(dir, `slow${i}.json`, { work: 3 });
    }
    const files = (stem: string) => [1, 2, 3, 4].map((i) => `${stem}${i}.json`);
    expect(
      (await perfgate(dir, ["import", "--format", "pytest-benchmark", ...files("base"), "--out", "B.json"])).code,
    ).toBe(0);
    for (const f of files("same")) {
      const r = await perfgate(dir, ["import", "--format", "pytest-benchmark", f, "--out", "A.json", "--append"]);
      expect(r.code, r.output).toBe(0);
    }
    expect(
      (await perfgate(dir, ["import", "--format", "pytest-benchmark", ...files("slow"), "--out", "S.json"])).code,
    ).toBe(0);
    for (const f of ["B.json", "A.json", "S.json"]) {
      const b = await loadBaseline(path.join(dir, f));
      expect(
        b.benchmarks.map((x) => x.samples.length),
        f,
      ).toEqual([4, 4]);
      expect(b.settings).toEqual({ runs: 4, samplesPerRun: 1 });
    }
    const aa = await perfgate(dir, ["compare", "B.json", "A.json", "--json"]);
    expect(aa.code, aa.output).toBe(0);
    expect(Object.values(verdicts(aa.doc))).not.toContain("regressed");
    const slow = await perfgate(dir, ["compare", "B.json", "S.json", "--json"]);
    expect(slow.code, slow.output).toBe(1);
    expect(slow.doc.regressed).toEqual(["test_parse", "test_sum"]);
  }, 180_000);
});

describe("imports of real hyperfine files", () => {
  async function logstatProject(): Promise<string> {
    const dir = await tempProject({
      "logstat.py": LOGSTAT,
      "data/access.log": ACCESS_LOG,
      "bench.sh": `#!/bin/sh\nhyperfine --warmup 1 '${LOGSTAT_COMMAND}'\n`,
    });
    await commitAll(dir);
    return dir;
  }

  it("the imported command has the name init's hyperfine entry gives it, so a measured baseline and an import compare", async () => {
    const dir = await logstatProject();
    const init = await perfgate(dir, ["init"]);
    expect(init.code, init.output).toBe(0);
    const config = JSON.parse(await fs.readFile(path.join(dir, "perfgate.config.json"), "utf8"));
    const entry = config.benchmarks.find((b: { harness?: string }) => b.harness === "hyperfine");
    expect(entry?.run, JSON.stringify(config)).toContain(LOGSTAT_COMMAND);
    // The hyperfine harness names a benchmark by hyperfine's name for it: the command.
    const name = LOGSTAT_COMMAND;
    expect((await perfgate(dir, ["establish", "--runs", "1", "--out", "measured.json"])).code).toBe(0);
    await hyperfineRun(dir, "h1.json");
    await hyperfineRun(dir, "h2.json");
    expect((await perfgate(dir, ["import", "--format", "hyperfine", "h1.json", "--out", "i1.json"])).code).toBe(0);
    expect((await perfgate(dir, ["import", "--format", "hyperfine", "h2.json", "--out", "i2.json"])).code).toBe(0);
    const imported = await loadBaseline(path.join(dir, "i1.json"));
    expect(imported.benchmarks.map((b) => [b.name, b.source])).toEqual([[name, `hyperfine:${LOGSTAT_COMMAND}`]]);
    // Measured against imported: the same benchmark on both sides (not "new" and "missing").
    const mixed = await perfgate(dir, ["compare", "measured.json", "i1.json", "--json"]);
    expect(mixed.code, mixed.output).toBe(0);
    expect(verdicts(mixed.doc)).toEqual({ [name]: "inconclusive" });
    expect(mixed.doc.benchmarks[0].reason).toMatch(/1 imported run in the current results/);
    // One hyperfine invocation a side: inconclusive, however its runs came out.
    const aa = await perfgate(dir, ["compare", "i1.json", "i2.json", "--json"]);
    expect(aa.code, aa.output).toBe(0);
    expect(verdicts(aa.doc)).toEqual({ [name]: "inconclusive" });
  });

  it("several invocations a side: a slowed command is regressed", async () => {
    // (Unchanged code against itself is the test above: one invocation a side can never be
    // regressed. With several a side the decision is the stored one, wrong at most alpha of
    // the time; the pytest-benchmark test shows that A/A, whose medians vary far less.)
    const dir = await logstatProject();
    for (let i = 1; i <= 4; i++) {
      await hyperfineRun(dir, `base${i}.json`);
      await hyperfineRun(dir, `slow${i}.json`, 10);
    }
    const files = (stem: string) => [1, 2, 3, 4].map((i) => `${stem}${i}.json`);
    for (const [stem, out] of [
      ["base", "B.json"],
      ["slow", "S.json"],
    ] as const) {
      const r = await perfgate(dir, ["import", "--format", "hyperfine", ...files(stem), "--out", out]);
      expect(r.code, r.output).toBe(0);
    }
    const slow = await perfgate(dir, ["compare", "B.json", "S.json", "--json"]);
    expect(slow.code, slow.output).toBe(1);
    expect(slow.doc.regressed).toEqual([LOGSTAT_COMMAND]);
  }, 180_000);
});
