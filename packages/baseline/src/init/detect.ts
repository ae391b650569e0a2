import { existsSync, promises as fs } from "node:fs";
import path from "node:path";
import { describeProblem, MAX_INPUT_ENV, readInputText } from "../read-input.ts";

/** One benchmark entry for perfgate.config.json, and why init proposes it. */
export interface Proposal {
  benchmark: { name: string; command?: string; module?: string };
  /** What was found, in words ("package.json script `bench`"). */
  found: string;
  /** Set-up the workflow needs before the benchmarks can run. */
  toolchain: "node" | "python" | "go";
  /** Something the user should look at before trusting the gate. */
  check?: string;
}

const SKIP_DIRS = new Set(["node_modules", ".git", "dist", "build", ".venv", "venv", "vendor", "metrics", ".perfgate"]);

/** Files under `root` (relative paths), skipping dependency and output folders; at most `limit`. */
async function listFiles(root: string, limit = 5000): Promise<string[]> {
  const outFiles: string[] = [];
  const walk = async (rel: string, depth: number): Promise<void> => {
    if (depth > 6 || outFiles.length >= limit) return;
    const entries = await fs.readdir(path.join(root, rel), { withFileTypes: true }).catch(() => []);
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name) && !e.name.startsWith(".")) await walk(p, depth + 1);
      } else if (e.isFile()) outFiles.push(p);
    }
  };
  await walk("", 0);
  return outFiles;
}

/** A file's text, or "" when it is missing or cannot be read. */
type Read = (rel: string) => Promise<string>;

/** Reads for detection: one that is there but unreadable (a FIFO, a device, over the size cap) is skipped, with a warning. */
function reader(root: string, warn: (message: string) => void): Read {
  return async (rel) => {
    // The same checks as every other read (read-input.ts): a FIFO would block init forever.
    const r = await readInputText(path.join(root, rel));
    if (r.ok) return r.text;
    if (r.problem.kind === "missing") return "";
    const remedy =
      r.problem.kind === "too-large"
        ? `make it smaller (or raise ${MAX_INPUT_ENV})`
        : r.problem.kind === "unreadable"
          ? "make it readable"
          : "make it a regular file (or move it away)";
    warn(
      `${rel} ${describeProblem(r.problem)}: init skipped it, so nothing it declares is detected; ${remedy} and run init again`,
    );
    return "";
  };
}

/** A benchmark name from a path or command: letters, digits, `-`, `_`, `.`, `/`. */
function nameOf(s: string): string {
  return (
    s
      .replace(/\.(bench|benchmark)\.[cm]?[jt]s$/, "")
      .replace(/[^\w./-]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60) || "benchmark"
  );
}

/**
 * Every benchmark source init recognises in `root`, as config proposals (may be empty). A file
 * it cannot read is skipped and named through `warn`.
 */
export async function detectBenchmarks(root: string, warn: (message: string) => void = () => {}): Promise<Proposal[]> {
  const files = await listFiles(root);
  const read = reader(root, warn);
  const proposals: Proposal[] = [];

  // Node: a package.json `bench` script, timed as a whole process; *.bench.js modules in-process.
  const pkgText = await read("package.json");
  if (pkgText) {
    let scripts: Record<string, string> = {};
    try {
      scripts = (JSON.parse(pkgText) as { scripts?: Record<string, string> }).scripts ?? {};
    } catch {
      // An unreadable package.json is not ours to judge; the bench files below still count.
    }
    if (typeof scripts["bench"] === "string") {
      proposals.push({
        benchmark: { name: "bench", command: "npm run --silent bench" },
        found: `package.json script \`bench\` (${scripts["bench"]})`,
        toolchain: "node",
        check:
          "the whole `npm run bench` is timed as one process: keep it short and deterministic (seconds, not minutes)",
      });
    }
  }
  for (const f of files.filter((f) => /\.bench\.[cm]?[jt]s$/.test(f))) {
    const ts = /\.[cm]?ts$/.test(f);
    if (ts) {
      proposals.push({
        benchmark: { name: nameOf(f), command: `npx --no-install tsx ${f}` },
        found: `benchmark file ${f}`,
        toolchain: "node",
        check: `${f} is TypeScript: perfgate times it as a process through tsx (install tsx); a compiled .js module exporting functions is measured more precisely`,
      });
    } else {
      proposals.push({
        benchmark: { name: nameOf(f), module: f },
        found: `benchmark file ${f}`,
        toolchain: "node",
        check: `every exported function of ${f} becomes a benchmark: export only functions to time (a file using a framework's bench() API needs a command entry instead)`,
      });
    }
  }

  // Python: pytest-benchmark, else a package whose import time is a start-up benchmark.
  const pyMeta = [
    await read("pyproject.toml"),
    await read("setup.cfg"),
    await read("setup.py"),
    ...(await Promise.all(files.filter((f) => /^requirements[^/]*\.txt$/.test(f)).map((f) => read(f)))),
  ].join("\n");
  const usesBenchmarkFixture = await anyFile(read, files, /(^|\/)test_[^/]*\.py$|_test\.py$/, /\bbenchmark\s*[(,)]/);
  if (/pytest-benchmark/i.test(pyMeta) || usesBenchmarkFixture) {
    proposals.push({
      benchmark: { name: "pytest-benchmark", command: "python -m pytest --benchmark-only -q" },
      found: usesBenchmarkFixture
        ? "pytest tests using the `benchmark` fixture"
        : "pytest-benchmark in the Python requirements",
      toolchain: "python",
      check:
        "the whole pytest run is timed as one process; for pytest-benchmark's own per-test timings, write `--benchmark-json out.json` and compare with `perfgate import --format pytest-benchmark`",
    });
  } else if (existsSync(path.join(root, "pyproject.toml")) || existsSync(path.join(root, "setup.py"))) {
    const pkg = pythonPackageName(pyMeta, files);
    if (pkg) {
      proposals.push({
        benchmark: { name: `import-${pkg}`, command: `python -c "import ${pkg}"` },
        found: `Python package ${pkg}`,
        toolchain: "python",
        check: `this times \`import ${pkg}\` only (start-up cost); add command entries that exercise your hot paths`,
      });
    }
  }

  // Go: `func BenchmarkX(b *testing.B)` in a _test.go file.
  if (existsSync(path.join(root, "go.mod")) && (await anyFile(read, files, /_test\.go$/, /func Benchmark\w*\(/))) {
    proposals.push({
      benchmark: { name: "go-bench", command: "go test -run '^$' -bench . -benchtime 200ms ./..." },
      found: "Go benchmarks (func Benchmark… in _test.go files)",
      toolchain: "go",
      check:
        "the whole `go test -bench` run is timed as one process (compilation included: keep the Go build cache warm)",
    });
  }

  // hyperfine: each command a script hands to hyperfine becomes a command benchmark.
  for (const f of files.filter((f) => /\.(sh|bash)$|(^|\/)(Makefile|justfile)$/.test(f))) {
    for (const cmd of hyperfineCommands(await read(f))) {
      proposals.push({
        benchmark: { name: nameOf(cmd), command: cmd },
        found: `hyperfine command in ${f}`,
        toolchain: "node",
        check: `\`${cmd}\` is timed like hyperfine does (whole process, after a warm-up run); its set-up (--prepare) is not run`,
      });
    }
  }
  return dedupe(proposals);
}

async function anyFile(read: Read, files: string[], name: RegExp, content: RegExp): Promise<boolean> {
  for (const f of files.filter((f) => name.test(f)).slice(0, 200)) if (content.test(await read(f))) return true;
  return false;
}

function pythonPackageName(meta: string, files: string[]): string | undefined {
  const declared = /^\s*name\s*=\s*["']([\w.-]+)["']/m.exec(meta)?.[1]?.replace(/-/g, "_");
  const inits = files.filter((f) => /^(src\/)?[A-Za-z_]\w*\/__init__\.py$/.test(f)).map((f) => f.split("/").at(-2)!);
  if (declared && inits.includes(declared)) return declared;
  return inits[0] ?? declared;
}

/** The commands of every `hyperfine …` invocation in a script (option values skipped). */
export function hyperfineCommands(script: string): string[] {
  const withValue = new Set([
    "-w",
    "--warmup",
    "-r",
    "--runs",
    "-m",
    "--min-runs",
    "-M",
    "--max-runs",
    "-p",
    "--prepare",
    "-c",
    "--cleanup",
    "-n",
    "--command-name",
    "-P",
    "--parameter-scan",
    "-L",
    "--parameter-list",
    "-S",
    "--shell",
    "--export-json",
    "--export-csv",
    "--export-markdown",
    "--export-asciidoc",
    "--export-orgmode",
    "--style",
    "-u",
    "--time-unit",
    "--setup",
    "-s",
    "--output",
    "--input",
    "--conclude",
    "--sort",
    "--reference",
    "-D",
    "--parameter-step-size",
  ]);
  const out: string[] = [];
  const joined = script.replace(/\\\r?\n/g, " ");
  for (const line of joined.split(/\r?\n/)) {
    const words = shellWords(line.replace(/^\s*#.*$/, ""));
    const at = words.indexOf("hyperfine");
    if (at < 0) continue;
    for (let i = at + 1; i < words.length; i++) {
      const w = words[i]!;
      if (w === "&&" || w === ";" || w === "|") break;
      if (w.startsWith("-")) {
        if (withValue.has(w))
          i += w === "-P" || w === "--parameter-scan" ? 3 : w === "-L" || w === "--parameter-list" ? 2 : 1;
        continue;
      }
      out.push(w);
    }
  }
  return out;
}

/** Splits a shell line into words, honouring single and double quotes (no expansion). */
function shellWords(line: string): string[] {
  const words: string[] = [];
  const re = /'([^']*)'|"((?:[^"\\]|\\.)*)"|(\S+)/g;
  for (const m of line.matchAll(re)) words.push(m[1] ?? m[2]?.replace(/\\(.)/g, "$1") ?? m[3]!);
  return words;
}

function dedupe(ps: Proposal[]): Proposal[] {
  const seen = new Set<string>();
  return ps.map((p) => {
    let name = p.benchmark.name;
    for (let i = 2; seen.has(name); i++) name = `${p.benchmark.name}-${i}`;
    seen.add(name);
    return { ...p, benchmark: { ...p.benchmark, name } };
  });
}
