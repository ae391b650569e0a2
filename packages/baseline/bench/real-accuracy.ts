/**
 * Gate accuracy on REAL processes: the built CLI (dist/perfgate.cjs) measures a temporary git
 * repository whose five benchmarks (a Node command, a Python command, a `sleep` script and two
 * module functions) do a known amount of work, read from work.json. Per repetition and condition
 * it establishes a baseline on the base commit (`--runs 3`, the workflow's setting), then checks
 * the working tree unchanged (A/A) or slowed by +10/+20/+50%, each check twice: paired (the
 * default: base commit measured in a worktree, interleaved) and stored (`--no-paired`). The plain
 * "mean(current)/mean(baseline) > 1.10" rule is computed on the stored check's samples, and the
 * earlier paired rule (bootstrap median + Wilcoxon signed-rank) on the paired check's samples.
 * Conditions: quiet; busy (a CPU spinner beside the check); crowded (two spinners beside the check,
 * CI's load on a 2-core runner); baseline-under-load (the spinner
 * beside establish, the check quiet).
 *
 * A slowdown is of the benchmark's TIME, which is what the threshold judges: a command's extra
 * work is sized from its measured start-up, so "+20%" makes the whole command 20% slower (20%
 * more loop iterations in a command that is half start-up would be a +10% slowdown, below the
 * threshold, and no gate should flag it).
 *
 * Run: pnpm --filter @perfgate/baseline exec tsx bench/real-accuracy.ts [--reps R] [--quick]
 *      [--conditions quiet,busy,crowded,loaded-baseline] [--out FILE] [--from RESULTS.json (re-print its tables)]
 * Prints progress with an ETA to stderr, a markdown table to stdout, and writes JSON to
 * bench/results/real-accuracy.json. Timings mean something only on an otherwise quiet machine.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { verdictFor } from "../src/decide.ts";
import { bootstrapMedianInterval } from "../src/stats/median-interval.ts";
import { hashString, mulberry32 } from "../src/stats/random.ts";
import { mean, median } from "../src/stats/summary.ts";
import { wilcoxonSignedRank } from "../src/stats/wilcoxon.ts";

const PACKAGE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const CLI = path.join(PACKAGE_DIR, "dist", "perfgate.cjs");
const THRESHOLD = 0.1;
const RUNS = 3;
/** One CLI call (establish or check) that takes longer is stopped: the bench is bounded by design. */
const CALL_TIMEOUT_MS = 10 * 60_000;
/**
 * About 15 minutes on a quiet 2-core machine, estimated from CPU time measured under load (84 s of
 * CPU for 1 establish + 4 checks): a repetition is 32 CLI calls, about 7-8 minutes. The ETA tells.
 */
const DEFAULT_REPS = 2;

/** Work per benchmark at factor 1: loop iterations or sleep time, each about 100-150 ms (modules: 1-2 ms a call). */
const WORK = {
  node: 25_000_000, // LCG iterations, ~140 ms on a quiet x86 core (plus ~60 ms of node start-up)
  python: 1_500_000, // LCG iterations, ~170 ms (plus ~90 ms of python start-up)
  sleep: 0.1, // seconds (plus a few ms of sh, sed and awk)
  modLoop: 375_000, // LCG iterations per call, ~1.5 ms
  modJson: 300, // JSON round trips of a small object per call, ~1.5 ms
} as const;
type BenchKey = keyof typeof WORK;
const BENCH_NAMES: Record<BenchKey, string> = {
  node: "node-loop",
  python: "python-loop",
  sleep: "sleep",
  modLoop: "module-loop",
  modJson: "module-json",
};

const CONDITIONS = ["quiet", "busy", "crowded", "loaded-baseline"] as const;
type Condition = (typeof CONDITIONS)[number];
const CONDITION_TEXT: Record<Condition, string> = {
  quiet: "quiet: nothing beside establish or check",
  busy: "busy: one CPU spinner beside the check only",
  crowded: "crowded: two CPU spinners beside the check (as many as this machine's cores on a 2-core runner)",
  "loaded-baseline": "baseline under load: the spinner beside establish, the check quiet",
};
const MODES = ["paired", "stored"] as const;
type Mode = (typeof MODES)[number];
const SLOWDOWNS = [0.1, 0.2, 0.5];

// ---------------------------------------------------------------- arguments

interface Options {
  reps: number;
  quick: boolean;
  conditions: Condition[];
  out: string;
  /** Re-print the tables of an earlier results file instead of measuring. */
  from?: string;
}

function usage(message: string, code = 2): never {
  (code === 0 ? process.stdout : process.stderr).write(
    `${message ? `real-accuracy: ${message}\n` : ""}usage: tsx bench/real-accuracy.ts [--reps R] [--quick] [--conditions quiet,busy,crowded,loaded-baseline] [--out FILE] [--from RESULTS.json]\n`,
  );
  process.exit(code);
}

function parseOptions(argv: string[]): Options {
  const o: Options = {
    reps: DEFAULT_REPS,
    quick: false,
    conditions: [...CONDITIONS],
    out: path.join(PACKAGE_DIR, "bench", "results", "real-accuracy.json"),
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => argv[++i] ?? usage(`${a} needs a value`);
    if (a === "--") continue;
    else if (a === "--reps") {
      o.reps = Number(value());
      if (!Number.isInteger(o.reps) || o.reps < 1 || o.reps > 100) usage("--reps must be an integer from 1 to 100");
    } else if (a === "--quick") o.quick = true;
    else if (a === "--conditions") {
      const list = value().split(",");
      const bad = list.filter((c) => !(CONDITIONS as readonly string[]).includes(c));
      if (bad.length) usage(`unknown condition(s) ${bad.join(", ")}; known: ${CONDITIONS.join(", ")}`);
      o.conditions = list as Condition[];
    } else if (a === "--out") o.out = path.resolve(value());
    else if (a === "--from") o.from = path.resolve(value());
    else if (a === "--help" || a === "-h") usage("", 0);
    else usage(`unknown argument ${a}`);
  }
  return o;
}

// ---------------------------------------------------------------- processes we own

const live = new Set<ChildProcess>();
let tempRoot: string | undefined;
/** Set by a signal: no new process is started, the running ones are asked to stop. */
let stopping = false;

function killAll(signal: NodeJS.Signals) {
  for (const child of live) {
    try {
      // Negative pid: the child's whole process group (the CLI's own benchmark children too).
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  }
}

function removeTemp() {
  if (tempRoot) rmSync(tempRoot, { recursive: true, force: true });
  tempRoot = undefined;
}

process.on("exit", () => {
  killAll("SIGKILL");
  removeTemp();
});
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    stopping = true;
    process.stderr.write(`\nreal-accuracy: ${signal}: stopping the check (it removes its worktree) and the spinner\n`);
    // SIGTERM first so a running `perfgate check` removes its base worktree, then make sure.
    killAll("SIGTERM");
    setTimeout(() => process.exit(130), 3000).unref();
    const wait = setInterval(() => {
      if (live.size === 0) process.exit(130);
    }, 100);
    wait.unref();
  });
}

function childEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  // Inside CI, GITHUB_SHA would name the baseline's commit instead of the temp repository's.
  for (const k of Object.keys(env)) if (k.startsWith("GITHUB_")) delete env[k];
  return env;
}

interface CallResult {
  code: number | null;
  stdout: string;
  stderrTail: string;
  seconds: number;
  timedOut: boolean;
}

function run(command: string, args: string[], cwd: string): Promise<CallResult> {
  return new Promise((resolve, reject) => {
    if (stopping) return reject(new Error("stopped by a signal"));
    const started = performance.now();
    const child = spawn(command, args, { cwd, env: childEnv(), stdio: ["ignore", "pipe", "pipe"], detached: true });
    live.add(child);
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr!.on("data", (c: Buffer) => {
      stderr = (stderr + c.toString()).slice(-4000);
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid) process.kill(-child.pid, "SIGTERM");
      setTimeout(() => child.pid && process.kill(-child.pid, "SIGKILL"), 5000).unref();
    }, CALL_TIMEOUT_MS);
    child.on("error", (e) => {
      clearTimeout(timer);
      live.delete(child);
      reject(e);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      live.delete(child);
      resolve({ code, stdout, stderrTail: stderr, seconds: (performance.now() - started) / 1000, timedOut });
    });
  });
}

/** `count` CPU spinners beside a measurement: busy neighbours on the runner. */
async function withSpinners<T>(count: number, body: () => Promise<T>): Promise<T> {
  if (count === 0) return body();
  if (stopping) throw new Error("stopped by a signal");
  const spinners = Array.from({ length: count }, () => {
    const spinner = spawn(process.execPath, ["-e", "for(;;){}"], { stdio: "ignore", detached: true });
    live.add(spinner);
    spinner.on("exit", () => live.delete(spinner));
    return spinner;
  });
  await new Promise((r) => setTimeout(r, 300)); // let them start spinning before the measurement does
  try {
    return await body();
  } finally {
    for (const spinner of spinners) {
      try {
        if (spinner.pid) process.kill(-spinner.pid, "SIGKILL");
      } catch {
        // already gone
      }
      live.delete(spinner);
    }
  }
}

/** Spinners beside a check, by condition. */
const CHECK_SPINNERS: Record<Condition, number> = { quiet: 0, busy: 1, crowded: 2, "loaded-baseline": 0 };

// ---------------------------------------------------------------- the temporary repository

const WORK_JS = `const fs = require("node:fs");
const f = JSON.parse(fs.readFileSync(__dirname + "/work.json", "utf8")).node;
const n = Math.round(${WORK.node} * f);
let x = 1;
for (let i = 0; i < n; i++) x = (x * 1103515245 + 12345) | 0;
if (x === 42) console.log(x);
`;
const WORK_PY = `import json, os
f = json.load(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "work.json")))["python"]
x = 1
for i in range(round(${WORK.python} * f)):
    x = (x * 1103515245 + 12345) & 0xFFFFFFFF
if x == 42:
    print(x)
`;
// Pure wall-clock time: CPU load says nothing about it.
const SLEEP_SH = `#!/bin/sh
cd "$(dirname "$0")"
f=$(sed -n 's/.*"sleep": *\\([0-9.]*\\).*/\\1/p' work.json)
sleep "$(awk "BEGIN { print ${WORK.sleep} * $f }")"
`;
const MOD_MJS = `import { readFileSync } from "node:fs";
const f = JSON.parse(readFileSync(new URL("../work.json", import.meta.url), "utf8"));
const loops = Math.round(${WORK.modLoop} * f.modLoop);
const trips = Math.round(${WORK.modJson} * f.modJson);
const doc = { id: 7, name: "perfgate", tags: ["a", "b", "c"], nested: { x: 1.5, y: [1, 2, 3, 4, 5] }, ok: true };
export function loop() {
  let x = 1;
  for (let i = 0; i < loops; i++) x = (x * 1103515245 + 12345) | 0;
  return x;
}
export function json() {
  let n = 0;
  for (let i = 0; i < trips; i++) n += JSON.parse(JSON.stringify({ ...doc, id: i })).id;
  return n;
}
`;

const CONFIG = {
  samplesPerRun: 5,
  moduleTimeMs: 60,
  benchmarks: [
    { name: BENCH_NAMES.node, command: "node work.js" },
    { name: BENCH_NAMES.python, command: "python3 work.py" },
    { name: BENCH_NAMES.sleep, command: "sh sleep.sh" },
    { name: BENCH_NAMES.modLoop, module: "bench/mod.mjs", export: "loop" },
    { name: BENCH_NAMES.modJson, module: "bench/mod.mjs", export: "json" },
  ],
};

/**
 * Per benchmark, how much the work factor must grow per unit of slowdown: total/work time for a
 * command (measured by sizeSlowdowns), 1 for a module function (its call has no start-up).
 */
type WorkScale = Record<BenchKey, number>;
const UNIT_SCALE: WorkScale = { node: 1, python: 1, sleep: 1, modLoop: 1, modJson: 1 };

function factors(slowdown: number, scale: WorkScale): Record<BenchKey, number> {
  const f = (k: BenchKey) => 1 + slowdown * scale[k];
  return { node: f("node"), python: f("python"), sleep: f("sleep"), modLoop: f("modLoop"), modJson: f("modJson") };
}

function writeWork(repo: string, slowdown: number, scale: WorkScale = UNIT_SCALE) {
  writeFileSync(path.join(repo, "work.json"), `${JSON.stringify(factors(slowdown, scale), null, 2)}\n`);
}

const COMMANDS: Array<{ key: BenchKey; argv: string[] }> = [
  { key: "node", argv: [process.execPath, "work.js"] },
  { key: "python", argv: ["python3", "work.py"] },
  { key: "sleep", argv: ["sh", "sleep.sh"] },
];

/**
 * Time each command with no work (start-up alone) and with its work, alternately, 7 times each on
 * the quiet machine, and size the slowdowns: scale = median(total) / (median(total) - median(start-up)).
 */
function sizeSlowdowns(repo: string): {
  scale: WorkScale;
  startupMs: Record<string, number>;
  totalMs: Record<string, number>;
} {
  const scale: WorkScale = { ...UNIT_SCALE };
  const startupMs: Record<string, number> = {};
  const totalMs: Record<string, number> = {};
  for (const { key, argv } of COMMANDS) {
    const zero: number[] = [];
    const full: number[] = [];
    for (let i = 0; i < 7; i++) {
      // Slowdown -1 is no work at all (start-up alone), 0 the work as committed.
      for (const [slowdown, into] of [
        [-1, zero],
        [0, full],
      ] as const) {
        writeWork(repo, slowdown);
        const t = performance.now();
        execFileSync(argv[0]!, argv.slice(1), { cwd: repo, stdio: "ignore" });
        into.push(performance.now() - t);
      }
    }
    startupMs[key] = median(zero);
    totalMs[key] = median(full);
    scale[key] = totalMs[key]! / Math.max(1e-9, totalMs[key]! - startupMs[key]!);
  }
  writeWork(repo, 0);
  return { scale, startupMs, totalMs };
}

function git(repo: string, args: string[]) {
  execFileSync("git", args, { cwd: repo, stdio: ["ignore", "pipe", "pipe"], env: childEnv() });
}

function makeRepo(root: string): string {
  const repo = path.join(root, "repo");
  mkdirSync(path.join(repo, "bench"), { recursive: true });
  writeFileSync(path.join(repo, "work.js"), WORK_JS);
  writeFileSync(path.join(repo, "work.py"), WORK_PY);
  writeFileSync(path.join(repo, "sleep.sh"), SLEEP_SH);
  writeFileSync(path.join(repo, "bench", "mod.mjs"), MOD_MJS);
  writeFileSync(path.join(repo, "package.json"), `${JSON.stringify({ private: true })}\n`);
  writeFileSync(path.join(repo, "perfgate.config.json"), `${JSON.stringify(CONFIG, null, 2)}\n`);
  writeFileSync(path.join(repo, ".gitignore"), "metrics/\n");
  writeWork(repo, 0);
  git(repo, ["init", "-q", "-b", "main"]);
  git(repo, ["add", "."]);
  git(repo, [
    "-c",
    "user.name=perfgate bench",
    "-c",
    "user.email=bench@perfgate.invalid",
    "commit",
    "-q",
    "-m",
    "base: five benchmarks, work factors 1",
  ]);
  return repo;
}

// ---------------------------------------------------------------- one check

interface BenchmarkOutcome {
  name: string;
  verdict: string;
  /** How perfgate actually compared it ("paired", or "stored" also when paired mode fell back). */
  mode?: string;
  ratio?: number;
  /** The plain rule on this check's samples: mean(current)/mean(baseline). */
  meanRatio?: number;
  /** The samples the verdict was made from (paired: sample i of each side taken back to back). */
  baselineSamples?: number[];
  currentSamples?: number[];
}

interface CheckRecord {
  rep: number;
  condition: Condition;
  mode: Mode;
  slowdown: number;
  seconds: number;
  exitCode: number | null;
  error?: string;
  benchmarks: BenchmarkOutcome[];
}

async function check(repo: string, mode: Mode): Promise<Omit<CheckRecord, "rep" | "condition" | "slowdown">> {
  const args = [CLI, "check", "--runs", String(RUNS), "--threshold", "10", "--json", "--no-reports"];
  if (mode === "stored") args.push("--no-paired");
  const r = await run(process.execPath, args, repo);
  const base = { mode, seconds: r.seconds, exitCode: r.code };
  let doc: { benchmarks?: Array<Record<string, unknown>> };
  try {
    doc = JSON.parse(r.stdout);
  } catch {
    const why = r.timedOut ? `timed out after ${CALL_TIMEOUT_MS / 1000} s` : `exit ${r.code}, no JSON on stdout`;
    return { ...base, error: `${why}: ${r.stderrTail.trim().split("\n").slice(-3).join(" | ")}`, benchmarks: [] };
  }
  const benchmarks = (doc.benchmarks ?? []).map((d): BenchmarkOutcome => {
    const b = d["baselineSamples"] as number[] | undefined;
    const c = d["currentSamples"] as number[] | undefined;
    return {
      name: String(d["name"]),
      verdict: String(d["verdict"]),
      mode: d["mode"] as string | undefined,
      ratio: d["ratio"] as number | undefined,
      meanRatio: b?.length && c?.length ? mean(c) / mean(b) : undefined,
      baselineSamples: b,
      currentSamples: c,
    };
  });
  return { ...base, ...(r.code === 2 ? { error: "exit 2 (unusable)" } : {}), benchmarks };
}

async function establish(repo: string, loaded: boolean): Promise<number> {
  writeWork(repo, 0);
  const r = await withSpinners(loaded ? 1 : 0, () =>
    run(process.execPath, [CLI, "establish", "--runs", String(RUNS), "--json"], repo),
  );
  if (r.code !== 0) throw new Error(`establish failed (exit ${r.code}): ${r.stderrTail.trim()}`);
  return r.seconds;
}

// ---------------------------------------------------------------- plan, progress

interface Step {
  kind: "establish" | Mode;
  condition: Condition;
  rep: number;
  slowdown: number;
}

/** A check needs a quiet baseline (quiet, busy: shared) or one measured beside the spinner (loaded-baseline). */
function plan(o: Options): Step[] {
  const steps: Step[] = [];
  const variants = o.quick ? [0, 0.2] : [0, 0, ...SLOWDOWNS]; // A/A twice: its rates need the most checks
  for (let rep = 1; rep <= o.reps; rep++) {
    const rand = mulberry32(rep * 7919);
    let baseline: "quiet" | "loaded" | undefined; // a new repetition measures its own baseline
    for (const condition of o.conditions) {
      const needed = condition === "loaded-baseline" ? "loaded" : "quiet";
      if (baseline !== needed) {
        steps.push({ kind: "establish", condition, rep, slowdown: 0 });
        baseline = needed;
      }
      // Shuffled per repetition, modes in a random order, so slow drift of the machine spreads over all cells.
      const order = variants.map((v) => ({ v, k: rand() })).sort((a, b) => a.k - b.k);
      for (const { v } of order) {
        const modes = rand() < 0.5 ? MODES : ([...MODES].reverse() as Mode[]);
        for (const m of modes) steps.push({ kind: m, condition, rep, slowdown: v });
      }
    }
  }
  return steps;
}

const clock = (s: number) => `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, "0")}s`;

function eta(steps: Step[], done: number, took: Map<Step["kind"], number[]>): number {
  const all = [...took.values()].flat();
  const fallback = all.length ? mean(all) : 15;
  let left = 0;
  for (const s of steps.slice(done)) {
    const t = took.get(s.kind);
    left += t?.length ? mean(t) : fallback;
  }
  return left;
}

// ---------------------------------------------------------------- summary

interface Count {
  n: number;
  k: number;
  rate: number;
  /** Wilson 95% interval of the rate: with few checks a rate of 0 still allows several percent. */
  ci: [number, number];
}

function count(k: number, n: number): Count {
  if (n === 0) return { n, k, rate: Number.NaN, ci: [Number.NaN, Number.NaN] };
  const z = 1.96;
  const p = k / n;
  const d = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / d;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return { n, k, rate: p, ci: [Math.max(0, centre - half), Math.min(1, centre + half)] };
}

/** Rows of the table: the two modes as the CLI decided, and two other rules on the same samples. */
type Row = Mode | "paired-rank" | "plain-mean";
const ROW_SOURCE: Record<Row, Mode> = {
  paired: "paired",
  stored: "stored",
  "paired-rank": "paired",
  "plain-mean": "stored",
};

/**
 * The paired rule perfgate used before, on the paired check's own samples: a bootstrap interval
 * of the median log-ratio and one-sided Wilcoxon signed-rank tests, with the same verdict rule.
 * A benchmark that fell back to the stored comparison keeps the CLI's verdict.
 */
function rankRuleVerdict(b: BenchmarkOutcome): string {
  const base = b.baselineSamples;
  const head = b.currentSamples;
  if (b.mode !== "paired" || !base?.length || base.length !== head?.length) return b.verdict;
  const d = head.map((h, i) => Math.log(h / base[i]!));
  const interval = bootstrapMedianInterval(d, { seed: hashString(b.name) });
  const evidence = {
    ratio: Math.exp(interval.median),
    lo: Math.exp(interval.lo),
    hi: Math.exp(interval.hi),
    pSlower: wilcoxonSignedRank(d, "greater").p,
    pFaster: wilcoxonSignedRank(d, "less").p,
    nBaseline: d.length,
    nCurrent: d.length,
    paired: true,
  };
  return verdictFor(evidence, 1 + THRESHOLD, {}).verdict;
}

interface Cell {
  mode: Row;
  condition: Condition;
  aaFalseAlarm: Count;
  aaFalseImproved?: Count;
  aaInconclusive?: Count;
  detection: Record<string, Count>;
  abInconclusive?: Record<string, Count>;
  errors: number;
  fellBackToStored?: number;
  meanCheckSeconds?: number;
}

function summarize(records: CheckRecord[], conditions: Condition[]): Cell[] {
  const cells: Cell[] = [];
  for (const condition of conditions) {
    for (const mode of ["paired", "paired-rank", "stored", "plain-mean"] as const) {
      const source = records.filter((r) => r.condition === condition && r.mode === ROW_SOURCE[mode]);
      const outcomes = (slowdown: number) =>
        source
          .filter((r) => r.slowdown === slowdown && !r.error)
          .flatMap((r) => r.benchmarks)
          .map((b) => (mode === "paired-rank" ? { ...b, verdict: rankRuleVerdict(b) } : b));
      const flagged = (b: BenchmarkOutcome) =>
        mode === "plain-mean" ? b.meanRatio !== undefined && b.meanRatio > 1 + THRESHOLD : b.verdict === "regressed";
      const aa = outcomes(0);
      const detection: Record<string, Count> = {};
      const abInconclusive: Record<string, Count> = {};
      for (const s of SLOWDOWNS) {
        const ab = outcomes(s);
        detection[`+${s * 100}%`] = count(ab.filter(flagged).length, ab.length);
        abInconclusive[`+${s * 100}%`] = count(ab.filter((b) => b.verdict === "inconclusive").length, ab.length);
      }
      const verdicts = mode !== "plain-mean";
      cells.push({
        mode,
        condition,
        aaFalseAlarm: count(aa.filter(flagged).length, aa.length),
        ...(verdicts
          ? {
              aaFalseImproved: count(aa.filter((b) => b.verdict === "improved").length, aa.length),
              aaInconclusive: count(aa.filter((b) => b.verdict === "inconclusive").length, aa.length),
              abInconclusive,
              fellBackToStored:
                mode === "paired" ? source.flatMap((r) => r.benchmarks).filter((b) => b.mode !== "paired").length : 0,
              // The rank rule is computed here on the paired check's samples: it took no time of its own.
              meanCheckSeconds:
                source.length && mode !== "paired-rank" ? mean(source.map((r) => r.seconds)) : Number.NaN,
            }
          : {}),
        detection,
        errors: source.filter((r) => r.error).length,
      });
    }
  }
  return cells;
}

/** Per benchmark, over all conditions: what "+20% work" did to its time (median paired ratio), and how often each mode flagged it. */
function perBenchmark(records: CheckRecord[]) {
  const out: Record<string, { medianPairedRatio: Record<string, number>; detected: Record<string, Count> }> = {};
  const outcomes = (mode: Mode, s: number, name: string) =>
    records
      .filter((r) => r.mode === mode && r.slowdown === s && !r.error)
      .flatMap((r) => r.benchmarks)
      .filter((b) => b.name === name);
  for (const name of Object.values(BENCH_NAMES)) {
    const medianPairedRatio: Record<string, number> = {};
    const detected: Record<string, Count> = {};
    for (const s of [0, ...SLOWDOWNS]) {
      const key = s === 0 ? "A/A" : `+${s * 100}%`;
      const ratios = outcomes("paired", s, name)
        .filter((b) => b.mode === "paired" && b.ratio !== undefined)
        .map((b) => b.ratio!)
        .sort((a, b) => a - b);
      if (ratios.length) medianPairedRatio[key] = ratios[Math.floor(ratios.length / 2)]!;
      for (const mode of MODES) {
        const all = outcomes(mode, s, name);
        if (s !== 0 && all.length)
          detected[`${mode} ${key}`] = count(all.filter((b) => b.verdict === "regressed").length, all.length);
      }
    }
    out[name] = { medianPairedRatio, detected };
  }
  return out;
}

const pct = (c: Count | undefined) => (!c || c.n === 0 ? "n/a" : `${(c.rate * 100).toFixed(1)}% (${c.k}/${c.n})`);

interface Target {
  target: string;
  condition: Condition | "all";
  value: number;
  met: boolean | null;
}

function targets(cells: Cell[], conditions: Condition[]): Target[] {
  const out: Target[] = [];
  const push = (target: string, condition: Condition | "all", value: number, ok: (v: number) => boolean) =>
    out.push({ target, condition, value, met: Number.isNaN(value) ? null : ok(value) });
  for (const condition of conditions) {
    const p = cells.find((c) => c.mode === "paired" && c.condition === condition)!;
    push("paired A/A false alarms <= 1%", condition, p.aaFalseAlarm.rate, (v) => v <= 0.01);
    push("paired A/A false improved <= 1%", condition, p.aaFalseImproved!.rate, (v) => v <= 0.01);
    push("paired A/A inconclusive <= 10%", condition, p.aaInconclusive!.rate, (v) => v <= 0.1);
    push("paired +20% work detected >= 95%", condition, p.detection["+20%"]!.rate, (v) => v >= 0.95);
  }
  const seconds = (m: Mode) => {
    const s = cells.filter((c) => c.mode === m && !Number.isNaN(c.meanCheckSeconds!)).map((c) => c.meanCheckSeconds!);
    return s.length ? mean(s) : Number.NaN;
  };
  push(
    "paired check wall time <= 2.5x the stored check",
    "all",
    seconds("paired") / seconds("stored"),
    (v) => v <= 2.5,
  );
  return out;
}

/** A markdown table padded the way the repository's formatter (biome) writes it, so it can be pasted as is. */
function markdownTable(header: string[], rightAligned: boolean[], rows: string[][]): string {
  const width = header.map((h, i) => Math.max(3, h.length, ...rows.map((r) => r[i]!.length)));
  const cell = (text: string, i: number) => (rightAligned[i] ? text.padStart(width[i]!) : text.padEnd(width[i]!));
  const line = (cells: string[]) => `| ${cells.map(cell).join(" | ")} |`;
  const rule = `| ${width.map((w, i) => (rightAligned[i] ? `${"-".repeat(w - 1)}:` : "-".repeat(w))).join(" | ")} |`;
  return [line(header), rule, ...rows.map(line)].join("\n");
}

function table(cells: Cell[], conditions: Condition[]): string {
  const header = [
    "condition",
    "mode",
    "A/A false alarm",
    "A/A false improved",
    "A/A inconclusive",
    "+10% detected",
    "+20% detected",
    "+50% detected",
    "errors",
    "check wall s",
  ];
  const rows: string[][] = [];
  for (const condition of conditions) {
    for (const c of cells.filter((x) => x.condition === condition)) {
      const fell = c.fellBackToStored ? ` (${c.fellBackToStored} fell back to stored)` : "";
      const wall =
        c.meanCheckSeconds === undefined || Number.isNaN(c.meanCheckSeconds) ? "-" : c.meanCheckSeconds.toFixed(1);
      rows.push([
        condition,
        `${c.mode}${fell}`,
        pct(c.aaFalseAlarm),
        pct(c.aaFalseImproved),
        pct(c.aaInconclusive),
        pct(c.detection["+10%"]),
        pct(c.detection["+20%"]),
        pct(c.detection["+50%"]),
        String(c.errors),
        wall,
      ]);
    }
  }
  return markdownTable(header, [false, false, ...Array(8).fill(true)], rows);
}

// ---------------------------------------------------------------- main

async function measureAll(o: Options) {
  process.stderr.write("real-accuracy: building the CLI bundle (dist/perfgate.cjs)\n");
  execFileSync(process.execPath, ["build.mjs"], { cwd: PACKAGE_DIR, stdio: "inherit" });
  if (!existsSync(CLI)) throw new Error(`${CLI} was not built`);
  const loadBefore = os.loadavg();
  tempRoot = mkdtempSync(path.join(os.tmpdir(), "perfgate-real-accuracy-"));
  const repo = makeRepo(tempRoot);
  process.stderr.write("real-accuracy: timing each command's start-up to size the slowdowns in time\n");
  const sizing = sizeSlowdowns(repo);
  for (const { key } of COMMANDS)
    process.stderr.write(
      `  ${BENCH_NAMES[key]}: ${sizing.totalMs[key]!.toFixed(0)} ms, of which start-up ${sizing.startupMs[key]!.toFixed(0)} ms: +20% time = x${(1 + 0.2 * sizing.scale[key]).toFixed(3)} work\n`,
    );
  const steps = plan(o);
  const records: CheckRecord[] = [];
  const took = new Map<Step["kind"], number[]>();
  const started = performance.now();
  process.stderr.write(
    `real-accuracy: ${o.reps} repetition(s) x ${o.conditions.join(", ")}${o.quick ? " (--quick: A/A once and +20% only)" : ""}: ${steps.length} CLI calls; load average ${loadBefore.map((l) => l.toFixed(1)).join(" ")} on ${os.cpus().length} cores\n`,
  );
  try {
    for (const [i, step] of steps.entries()) {
      if (stopping) throw new Error("stopped by a signal");
      let seconds: number;
      if (step.kind === "establish") {
        seconds = await establish(repo, step.condition === "loaded-baseline");
      } else {
        writeWork(repo, step.slowdown, sizing.scale);
        const r = await withSpinners(CHECK_SPINNERS[step.condition], () => check(repo, step.kind as Mode));
        writeWork(repo, 0);
        seconds = r.seconds;
        records.push({ rep: step.rep, condition: step.condition, slowdown: step.slowdown, ...r });
        if (r.error && !stopping) process.stderr.write(`  check failed: ${r.error}\n`);
      }
      took.set(step.kind, [...(took.get(step.kind) ?? []), seconds]);
      const variant = step.kind === "establish" ? "" : step.slowdown === 0 ? " A/A" : ` +${step.slowdown * 100}%`;
      const elapsed = (performance.now() - started) / 1000;
      process.stderr.write(
        `[${i + 1}/${steps.length}] rep ${step.rep} ${step.condition} ${step.kind}${variant}: ${seconds.toFixed(1)} s; elapsed ${clock(elapsed)}, ETA ${clock(eta(steps, i + 1, took))}\n`,
      );
    }
  } finally {
    killAll("SIGKILL");
    removeTemp();
  }
  const seconds = (performance.now() - started) / 1000;
  return { records, seconds, loadBefore, loadAfter: os.loadavg(), sizing };
}

async function main() {
  const o = parseOptions(process.argv.slice(2));
  let measured: Awaited<ReturnType<typeof measureAll>>;
  if (o.from) {
    const doc = JSON.parse(readFileSync(o.from, "utf8"));
    Object.assign(o, { reps: doc.settings.reps, quick: doc.settings.quick, conditions: doc.settings.conditions });
    measured = {
      records: doc.checks,
      seconds: doc.seconds,
      loadBefore: doc.machine.loadBefore,
      loadAfter: doc.machine.loadAfter,
      sizing: doc.sizing,
    };
  } else measured = await measureAll(o);
  const { records, seconds, loadBefore, loadAfter, sizing } = measured;
  const cells = summarize(records, o.conditions);
  const goals = targets(cells, o.conditions);
  const benchmarks = perBenchmark(records);

  console.log(
    `## perfgate on real processes: ${o.reps} repetition(s), --runs ${RUNS}, threshold +${THRESHOLD * 100}%, ${CONFIG.samplesPerRun} samples per run (${clock(seconds)})\n`,
  );
  for (const c of o.conditions) console.log(`- ${CONDITION_TEXT[c]}`);
  console.log(
    "\nRates are % of benchmark-checks (5 benchmarks per check). `plain-mean` is mean(current)/mean(baseline) > 1.10 on the stored check's samples.\n",
  );
  console.log(table(cells, o.conditions));
  console.log(
    "\nPer benchmark, all conditions: median paired ratio (what the work factor did to its time, start-up included) and detection:\n",
  );
  const keys = SLOWDOWNS.map((s) => `+${s * 100}%`);
  const ratio = (r: number | undefined) =>
    r === undefined ? "-" : `${r >= 1 ? "+" : ""}${((r - 1) * 100).toFixed(1)}%`;
  const header = ["benchmark", "A/A ratio", ...keys.flatMap((k) => [`${k} ratio`, `paired ${k}`, `stored ${k}`])];
  const rows = Object.entries(benchmarks).map(([name, b]) => [
    name,
    ratio(b.medianPairedRatio["A/A"]),
    ...keys.flatMap((k) => [
      ratio(b.medianPairedRatio[k]),
      pct(b.detected[`paired ${k}`]),
      pct(b.detected[`stored ${k}`]),
    ]),
  ]);
  console.log(markdownTable(header, [false, ...Array(header.length - 1).fill(true)], rows));
  console.log("\nTargets (issue 10; paired mode, every condition):\n");
  for (const t of goals) {
    const v = Number.isNaN(t.value)
      ? "not measured"
      : t.target.includes("wall")
        ? `${t.value.toFixed(2)}x`
        : `${(t.value * 100).toFixed(1)}%`;
    console.log(`- ${t.met === null ? "NOT MEASURED" : t.met ? "met" : "NOT MET"}: ${t.target} [${t.condition}]: ${v}`);
  }
  if (goals.some((t) => t.met === false)) process.exitCode = 1;
  if (o.from) return; // re-printed, nothing new to write
  mkdirSync(path.dirname(o.out), { recursive: true });
  writeFileSync(
    o.out,
    `${JSON.stringify(
      {
        createdAt: new Date().toISOString(),
        machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, loadBefore, loadAfter, node: process.version },
        settings: {
          reps: o.reps,
          quick: o.quick,
          conditions: o.conditions,
          runs: RUNS,
          threshold: THRESHOLD,
          samplesPerRun: CONFIG.samplesPerRun,
          moduleTimeMs: CONFIG.moduleTimeMs,
          work: WORK,
        },
        sizing,
        seconds,
        cells,
        perBenchmark: benchmarks,
        targets: goals,
        checks: records,
      },
      null,
      2,
    )}\n`,
  );
  process.stderr.write(`real-accuracy: wrote ${path.relative(process.cwd(), o.out) || o.out}\n`);
}

main().catch((e: unknown) => {
  killAll("SIGKILL");
  removeTemp();
  process.stderr.write(`real-accuracy: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = stopping ? 130 : 2;
});
