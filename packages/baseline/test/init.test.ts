import { existsSync, promises as fs } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { runCli, tempProject } from "./helpers.ts";

type Config = { benchmarks: { name?: string; command?: string; module?: string; harness?: string }[] };
const readConfig = async (dir: string) =>
  JSON.parse(await fs.readFile(path.join(dir, "perfgate.config.json"), "utf8")) as Config;

// `perfgate init` on temporary repositories of each kind, through the bundle as a real process.
describe("perfgate init", () => {
  it("a Node project: the bench script and *.bench.js modules; config and workflow written, what to check printed", async () => {
    const dir = await tempProject({
      "package.json": JSON.stringify({ name: "lib", scripts: { bench: "node bench/run.js" } }),
      "bench/fib.bench.js":
        "export function fib() { let a = 0, b = 1; for (let i = 0; i < 1e4; i++) [a, b] = [b, a + b]; return a; }\n",
      "bench/run.js": "let s = 0; for (let i = 0; i < 1e5; i++) s += i;\n",
      "node_modules/dep/x.bench.js": "export const ignored = () => 0;\n",
    });
    const res = await runCli(["init"], { cwd: dir });
    expect(res.code, res.output).toBe(0);
    const config = await readConfig(dir);
    expect(config.benchmarks).toEqual([
      { name: "bench", command: "npm run --silent bench" },
      { name: "bench/fib", module: "bench/fib.bench.js" },
    ]);
    expect(res.stdout).toContain("Wrote perfgate.config.json and .github/workflows/perfgate.yml.");
    expect(res.stdout).toContain("Check before you commit:");
    expect(res.stdout).toContain("every exported function of bench/fib.bench.js becomes a benchmark");
    const wf = parse(await fs.readFile(path.join(dir, ".github/workflows/perfgate.yml"), "utf8"));
    const steps = wf.jobs["performance-regression"].steps as { uses?: string; with?: Record<string, unknown> }[];
    expect(steps.map((s) => s.uses).filter(Boolean)).toEqual([
      "actions/checkout@v4",
      "actions/setup-node@v4",
      "perfgate/perfgate@v1",
    ]);
    expect(steps.at(-1)?.with).toEqual({ threshold: 10, runs: 3 });
    expect(wf.on.push.branches).toEqual(["main"]);
    // The config it wrote is one perfgate accepts and can measure.
    const est = await runCli(["establish", "--runs", "1"], { cwd: dir });
    expect(est.code, est.output).toBe(0);
  });

  it("refuses to overwrite either file without --force (exit 2, nothing written); --force replaces", async () => {
    const dir = await tempProject({ ".github/workflows/perfgate.yml": "# mine\n", "package.json": "{}" });
    const res = await runCli(["init"], { cwd: dir });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(".github/workflows/perfgate.yml already exists; nothing was written");
    expect(res.stderr).toContain("--force");
    expect(existsSync(path.join(dir, "perfgate.config.json"))).toBe(false);
    expect(await fs.readFile(path.join(dir, ".github/workflows/perfgate.yml"), "utf8")).toBe("# mine\n");
    const forced = await runCli(["init", "--force"], { cwd: dir });
    expect(forced.code, forced.output).toBe(0);
    expect(forced.stdout).toContain("replaced: .github/workflows/perfgate.yml");
    expect(await fs.readFile(path.join(dir, ".github/workflows/perfgate.yml"), "utf8")).toContain(
      "perfgate/perfgate@v1",
    );
  });

  it("--dry-run prints both files and writes nothing; an empty project gets a runnable placeholder", async () => {
    const dir = await tempProject({});
    const res = await runCli(["init", "--dry-run"], { cwd: dir });
    expect(res.code, res.output).toBe(0);
    expect(res.stdout).toContain("--- perfgate.config.json (not written: --dry-run)");
    expect(res.stdout).toContain("--- .github/workflows/perfgate.yml (not written: --dry-run)");
    expect(res.stdout).toContain('"name": "node-startup"');
    expect(await fs.readdir(dir)).toEqual([]);
  });

  it("a Python package without benchmarks: its import time from a per-tree venv; Go with --main-branch", async () => {
    const pkg = await tempProject({
      "pyproject.toml": '[project]\nname = "tiny-pkg"\n',
      "src/tiny_pkg/__init__.py": "",
    });
    expect((await runCli(["init"], { cwd: pkg })).code).toBe(0);
    const py = JSON.parse(await fs.readFile(path.join(pkg, "perfgate.config.json"), "utf8"));
    expect(py).toEqual({
      setup:
        "python3 -m venv .perfgate-venv && printf '*\\n' > .perfgate-venv/.gitignore && .perfgate-venv/bin/pip install -q .",
      benchmarks: [{ name: "import-tiny_pkg", command: ".perfgate-venv/bin/python -c 'import tiny_pkg'" }],
    });

    const go = await tempProject({
      "go.mod": "module example.com/x\n\ngo 1.22\n",
      "x_test.go": 'package x\nimport "testing"\nfunc BenchmarkAdd(b *testing.B) { for i := 0; i < b.N; i++ {} }\n',
    });
    const goRes = await runCli(["init", "--main-branch", "trunk"], { cwd: go });
    expect(goRes.code, goRes.output).toBe(0);
    expect(goRes.stdout).toContain(
      "Go benchmarks (func Benchmark… in _test.go files) -> go entry: go test -run '^$' -bench . ./...",
    );
    expect((await readConfig(go)).benchmarks[0]).toMatchObject({ harness: "go" });
    const goWf = parse(await fs.readFile(path.join(go, ".github/workflows/perfgate.yml"), "utf8"));
    expect(goWf.on.push.branches).toEqual(["trunk"]);
    expect(goWf.jobs["performance-regression"].steps.at(-1).with["main-branch"]).toBe("trunk");
  });

  it("--help says what init writes per harness: entries, their setup, the per-tree venv", async () => {
    const dir = await tempProject({});
    const res = await runCli(["init", "--help"], { cwd: dir });
    expect(res.code, res.output).toBe(0);
    for (const line of [
      "pytest-benchmark  run: .perfgate-venv/bin/python -m pytest bench/",
      "go                run: go test -run '^$' -bench . ./...",
      "criterion         run: cargo bench --bench N",
      "google-benchmark  run: ./.perfgate-build/DIR/TARGET",
      "never an editable install",
    ])
      expect(res.stdout).toContain(line);
  });
});
