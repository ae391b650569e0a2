import type { HarnessId } from "../harness/types.ts";
import { nodeInstall } from "./node-install.ts";
import { type Found, type HarnessEntry, nameOf, nothingFound, type Proposal, relativeTo, shown } from "./proposal.ts";
import { importsModule, nearestWith, type Scan } from "./scan.ts";
import { commandOf, isSimpleCommand, shellWords } from "./shell-words.ts";

type Kind = "vitest" | "tinybench" | "benchmarkjs" | "module" | "typescript" | undefined;

const SOURCE = /\.[cm]?[jt]sx?$/;
const BENCH_FILE = /\.(bench|benchmark)\.[cm]?[jt]sx?$/;

/** What a JS/TS file is to perfgate, from its name and its imports. */
function kindOf(file: string, text: string, vitestDeclared: boolean): Kind {
  if (importsModule("vitest").test(text) && /\bbench\s*\(/.test(text)) return "vitest";
  // A harness script runs its suite (`bench.run()`, `suite.run()`); a file only defining tasks is a part of one.
  if (importsModule("tinybench").test(text)) return /\.run\s*\(/.test(text) ? "tinybench" : undefined;
  if (importsModule("benchmark").test(text)) return /\.run\s*\(/.test(text) ? "benchmarkjs" : undefined;
  if (BENCH_FILE.test(file) && vitestDeclared) return "vitest";
  if (/\.bench\.[cm]?js$/.test(file)) return "module";
  if (/\.bench\.[cm]?tsx?$/.test(file)) return "typescript";
  return undefined;
}

interface Pkg {
  scripts: Record<string, unknown>;
  deps: Record<string, unknown>;
}

function parsePkg(text: string): Pkg | undefined {
  try {
    const p = JSON.parse(text) as Record<string, Record<string, unknown> | undefined>;
    return { scripts: p["scripts"] ?? {}, deps: { ...p["dependencies"], ...p["devDependencies"] } };
  } catch {
    return undefined;
  }
}

/** The command that runs a benchmark script file from its package's folder. */
function scriptRun(fileInPkg: string): string {
  return /\.[cm]?tsx?$/.test(fileInPkg)
    ? commandOf(["npx", "--no-install", "tsx", fileInPkg])
    : commandOf(["node", fileInPkg]);
}

const TITLE: Record<string, string> = { tinybench: "tinybench", benchmarkjs: "benchmark.js" };

/** The harnesses of other ecosystems a script's command runs (go test -bench, cargo bench, pytest). */
function harnessOfScript(words: string[]): HarnessId[] {
  const [first, second] = words;
  if (first === "go" && second === "test" && words.some((w) => w.startsWith("-bench"))) return ["go"];
  if (first === "cargo" && words.includes("bench")) return ["criterion", "libtest"];
  if (first === "pytest" || ((first === "python" || first === "python3") && words.includes("pytest")))
    return ["pytest-benchmark"];
  return [];
}

/**
 * Node: vitest bench files, tinybench and benchmark.js scripts (harness entries), plain
 * `*.bench.js` modules (in-process module entries), and the package.json `bench` script, mapped
 * to the harness it runs when init can tell. `covered` holds harnesses other detectors found.
 */
export async function detectNode(scan: Scan, covered: Set<HarnessId>): Promise<Found> {
  const found = nothingFound();
  const pkgs = new Map<string, Pkg | undefined>();
  const pkgOf = async (dir: string) => {
    if (!pkgs.has(dir)) pkgs.set(dir, parsePkg(await scan.read(dir ? `${dir}/package.json` : "package.json")));
    return pkgs.get(dir);
  };
  const root = await pkgOf("");
  const byKind = new Map<Kind, { file: string; dir: string }[]>();
  const classify = async (file: string) => {
    const dir = nearestWith(scan.files, file, "package.json") ?? "";
    const kind = kindOf(file, await scan.read(file), "vitest" in ((await pkgOf(dir))?.deps ?? {}));
    if (kind && !byKind.get(kind)?.some((f) => f.file === file))
      byKind.set(kind, [...(byKind.get(kind) ?? []), { file, dir }]);
    return kind;
  };
  for (const f of scan.files
    .filter((f) => SOURCE.test(f) && !f.endsWith(".d.ts") && /bench|perf/i.test(f))
    .slice(0, 300))
    await classify(f);

  // The bench script: a harness init can name becomes that harness's entry; anything else is timed whole.
  let vitestArgs: string[] | undefined;
  const script = root?.scripts["bench"];
  if (typeof script === "string" && !/\bhyperfine\b/.test(script)) {
    const words = isSimpleCommand(script) ? shellWords(script) : [];
    const [first, second] = words;
    const other = harnessOfScript(words);
    if (first === "vitest" && second === "bench") vitestArgs = words.slice(2).filter((w) => w !== "--run");
    else if ((first === "node" || first === "tsx") && second && !second.startsWith("-") && words.length === 2) {
      const file = second.replace(/^\.\//, "");
      const kind = scan.files.includes(file) ? await classify(file) : undefined;
      if (kind !== "tinybench" && kind !== "benchmarkjs") blindScript(found, script);
    } else if (other.some((h) => covered.has(h))) {
      found.notes.push(
        `the package.json bench script (${shown(script)}) runs what the ${other.join("/")} entry measures: init left it out`,
      );
    } else blindScript(found, script);
  }

  const vitest = byKind.get("vitest") ?? [];
  const vitestDirs = [...new Set([...vitest.map((f) => f.dir), ...(vitestArgs ? [""] : [])])];
  for (const dir of vitestDirs) {
    const args = dir === "" ? (vitestArgs ?? []) : [];
    const files = vitest.filter((f) => f.dir === dir).map((f) => shown(f.file));
    found.proposals.push({
      benchmark: entry(
        { harness: "vitest", run: commandOf(["npx", "--no-install", "vitest", "bench", "--run", ...args]) },
        dir,
      ),
      found:
        files.length > 0
          ? `vitest bench files (${files.slice(0, 3).join(", ")}${files.length > 3 ? ", …" : ""})`
          : "the package.json bench script (vitest bench)",
    });
  }
  for (const kind of ["tinybench", "benchmarkjs"] as const) {
    const scripts = byKind.get(kind) ?? [];
    for (const { file, dir } of scripts) {
      const named = scripts.length > 1 ? { name: nameOf(file) } : {};
      found.proposals.push({
        benchmark: entry({ harness: kind, run: scriptRun(relativeTo(dir, file)), ...named }, dir),
        found: `${TITLE[kind]} script ${shown(file)}`,
        ...(/\.[cm]?tsx?$/.test(file)
          ? { check: `${shown(file)} is TypeScript: it runs through tsx, which must be a dev dependency` }
          : {}),
      });
    }
  }
  for (const { file } of byKind.get("module") ?? []) {
    found.proposals.push({
      benchmark: { name: nameOf(file), module: file },
      found: `benchmark file ${shown(file)}`,
      check: `every exported function of ${shown(file)} becomes a benchmark: export only functions to time`,
    });
  }
  for (const { file } of byKind.get("typescript") ?? [])
    found.notes.push(
      `${shown(file)} uses no benchmark library init knows: perfgate measures exported functions of JS modules only; compile it to a .bench.js module or write it with vitest's bench(), then run init again`,
    );

  if (found.proposals.length > 0) {
    const dirs = new Set(found.proposals.map((p) => ("cwd" in p.benchmark ? (p.benchmark.cwd ?? "") : "")));
    const install = await nodeInstall(scan, [...dirs]);
    found.install.push(...install.commands);
    found.needs.push("node", ...install.needs);
    found.notes.push(...install.notes);
  }
  return found;
}

function entry(e: HarnessEntry, dir: string): HarnessEntry {
  return dir === "" ? e : { ...e, cwd: dir };
}

function blindScript(found: Found, script: string): void {
  const proposal: Proposal = {
    benchmark: { name: "bench", command: "npm run --silent bench" },
    found: `package.json script \`bench\` (${shown(script)})`,
    check:
      "⚠ the whole `npm run bench` is timed as one process. If it runs a benchmark suite (benchmarks that each run for a time budget), that total cannot see one benchmark getting slower: replace this entry with a harness entry for the tool it runs",
  };
  found.proposals.push(proposal);
}
