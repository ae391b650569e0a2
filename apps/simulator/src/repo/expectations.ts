import { readFile } from "node:fs/promises";
import { basename, extname } from "node:path";
import { SimulatorError } from "../errors.ts";
import { patchedFiles } from "./patch-files.ts";
import { git, type PrChange, type RepoSource, readCommitted } from "./repo-source.ts";

/** A benchmark of the user's perfgate.config.json, as far as the expectation needs it. */
export interface BenchmarkSpec {
  name: string;
  /** Its command, module and cwd: where the files it runs are named. */
  text: string;
}

export interface Expectation {
  names: string[];
  /** Where the names came from, for the report. */
  why: string;
}

const TRAILER = /^\s*Perfgate-Expect-Regressed:\s*(.+)$/gim;

/**
 * Which benchmarks the regression's change should be named as slowing: --expect-regressed, else a
 * `Perfgate-Expect-Regressed: a, b` trailer in the patch or the branch's commits, else the
 * benchmarks whose command or module names a file the change touches.
 */
export async function expectedRegressions(
  source: RepoSource,
  change: PrChange,
  benchmarks: BenchmarkSpec[],
  given: string[],
): Promise<Expectation> {
  const known = benchmarks.map((b) => b.name);
  const checkNames = (names: string[], from: string) => {
    const unknown = known.length ? names.filter((n) => !known.includes(n)) : [];
    if (unknown.length) {
      throw new SimulatorError(
        "USAGE",
        `${from} names ${unknown.join(", ")}, which perfgate.config.json does not declare (benchmarks: ${known.join(", ")})`,
        "Name benchmarks exactly as perfgate.config.json does.",
      );
    }
    return names;
  };
  if (given.length) return { names: checkNames(given, "--expect-regressed"), why: "--expect-regressed" };
  if (change.kind === "none") return { names: [], why: "no change" };

  let text: string;
  let files: string[];
  if (change.kind === "patch") {
    text = await readFile(change.file, "utf8");
    files = patchedFiles(text);
  } else {
    const range = `${source.mainSha}..refs/heads/${change.branch}`;
    text = (await git(source.dir, ["log", "--format=%B", range])).stdout;
    files = (await git(source.dir, ["diff", "--name-only", `${source.mainSha}...refs/heads/${change.branch}`])).stdout
      .split("\n")
      .filter(Boolean);
  }
  const from = change.kind === "patch" ? `--regression-patch ${change.file}` : `--regression-branch ${change.branch}`;
  const trailer = [...text.matchAll(TRAILER)].flatMap((m) =>
    m[1]!
      .split(/[,\s]+/)
      .map((s) => s.trim())
      .filter(Boolean),
  );
  if (trailer.length)
    return { names: checkNames(trailer, `${from}'s Perfgate-Expect-Regressed trailer`), why: `${from}'s trailer` };

  // What each benchmark runs: its command or module, and the repository files those name (one level of imports).
  const runs = await Promise.all(
    benchmarks.map(async (b) => {
      const named = b.text.split(/\s+/).filter((w) => /\.\w+$/.test(w) && !w.startsWith("-"));
      const texts = await Promise.all(named.map((w) => readCommitted(source, w.replace(/^\.\//, ""))));
      return [b.text, ...texts.filter((t): t is string => t !== null)].join("\n");
    }),
  );
  const matched = benchmarks.filter((_, i) => files.some((f) => mentions(runs[i]!, f)));
  if (matched.length === 0) {
    throw new SimulatorError(
      "NO_EXPECTATION",
      `cannot tell which benchmarks ${from} should slow: it changes ${files.join(", ") || "no file"}, and no benchmark's command or module names one of them (benchmarks: ${known.join(", ") || "none read from perfgate.config.json"})`,
      "Say it with --expect-regressed NAME (repeat for several), or put a `Perfgate-Expect-Regressed: NAME` line in the patch's or branch's commit message.",
    );
  }
  return {
    names: matched.map((b) => b.name),
    why: `${from} changes ${files.join(", ")}, which ${matched.length === 1 ? "benchmark" : "benchmarks"} ${matched.map((b) => b.name).join(", ")} ${matched.length === 1 ? "runs" : "run"}`,
  };
}

/**
 * What a benchmark runs names the file: its path, its dotted module (`pkg.mod`, as Python imports
 * it), or a specific enough stem as a token (`fib` in `bench_fib.py` or `require("./fib")`).
 */
export function mentions(text: string, file: string): boolean {
  const stem = basename(file, extname(file));
  const dotted = file
    .replace(extname(file), "")
    .replace(/^src\//, "")
    .replace(/\//g, ".");
  const tokens = new Set(text.split(/[^A-Za-z0-9]+/));
  const generic = /^(index|main|__init__|util|utils|lib|mod|init|setup)$/;
  return (
    text.includes(file) ||
    (dotted.includes(".") && text.includes(dotted)) ||
    (stem.length > 2 && !generic.test(stem) && tokens.has(stem))
  );
}

/** Benchmarks of a JSON config (a .mjs/.js config cannot be read without running it: no names then). */
export function benchmarkSpecs(configText: string | null): BenchmarkSpec[] {
  if (!configText) return [];
  try {
    const json = JSON.parse(configText) as { benchmarks?: unknown };
    if (!Array.isArray(json.benchmarks)) return [];
    return json.benchmarks.flatMap((b) => {
      if (!b || typeof b !== "object") return [];
      const o = b as Record<string, unknown>;
      const name = typeof o.name === "string" ? o.name : typeof o.export === "string" ? o.export : undefined;
      if (!name) return [];
      return [{ name, text: [o.command, o.module, o.cwd].filter((x) => typeof x === "string").join(" ") }];
    });
  } catch {
    return [];
  }
}
