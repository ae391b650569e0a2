import path from "node:path";
import { DEFAULT_BASELINE_PATH, loadBaseline, writeBaseline } from "../baseline-file.ts";
import { type Comparison, type ComparisonMode, compareBaselines, withMorePairs, withRemeasured } from "../compare.ts";
import { loadConfig } from "../config.ts";
import { buildBaseline, establishBaseline } from "../establish.ts";
import type { BenchmarkFailure } from "../measure/run.ts";
import { type BaseTree, checkoutBase } from "../paired/base-tree.ts";
import { measurePaired, type PairedSamples, runSetup } from "../paired/measure-paired.ts";
import type { BaselineFile, BenchmarkResult, Config } from "../schema.ts";
import { UsageError } from "../errors.ts";
import { type GlobalArgs, err, parseDuration, parseRuns, parseThreshold, projectRoot } from "./common.ts";
import { presentComparison } from "./present.ts";
import { preflightReports } from "../report/files.ts";
import { TOOL_ID } from "../version.ts";
import { preflightWrite } from "../write-file.ts";

export interface DecisionArgs extends GlobalArgs {
  threshold: number;
  verbose?: boolean;
  maxAge?: string;
  allowNew?: boolean;
  allowMissing?: boolean;
  noiseFloorMs?: number;
}

export interface CheckArgs extends DecisionArgs {
  baseline?: string;
  runs?: number;
  current?: string;
  saveCurrent?: string;
  reports?: boolean;
  /** Base commit to measure beside the working tree (default: the baseline's git.sha). */
  base?: string;
  /** false: never pair; compare with the stored samples only. */
  paired?: boolean;
}

type Measured = {
  current: BaselineFile;
  failures: BenchmarkFailure[];
  pairs?: Map<string, PairedSamples>;
  mode: ComparisonMode;
  notes: string[];
};

export async function checkCommand(args: CheckArgs): Promise<number> {
  const root = projectRoot(args);
  const threshold = parseThreshold(args.threshold);
  const maxAgeMs = parseDuration(args.maxAge ?? "30d");
  const baselinePath = path.resolve(root, args.baseline ?? DEFAULT_BASELINE_PATH);
  const label = args.baseline ?? DEFAULT_BASELINE_PATH; // as the user wrote it
  // Read the baseline first: an unusable one fails fast, before minutes of measuring.
  const baseline = await loadBaseline(baselinePath, label);
  const decision = { threshold, commandNoiseFloorMs: args.noiseFloorMs };
  let measured: Measured;
  if (args.current) {
    const current = await loadBaseline(path.resolve(root, args.current), args.current);
    measured = { current, failures: [], mode: { kind: "stored", why: "--current names a results file" }, notes: [] };
  } else {
    const config = await loadConfig(root);
    // Whatever would fail to be written afterwards fails now, before minutes of measuring.
    if (args.saveCurrent)
      await preflightWrite(path.resolve(root, args.saveCurrent), "baseline file", args.saveCurrent, "--save-current");
    if (args.reports !== false) await preflightReports(root);
    const runs = parseRuns(args.runs, baseline.settings.runs, { fallbackFrom: "the baseline's settings.runs" });
    const onProgress = args.verbose ? (m: string) => err(`  ${m}`) : undefined;
    const ref = args.base ?? (args.paired === false ? undefined : (baseline.git.sha ?? undefined));
    const checkout =
      args.paired === false || !ref ? undefined : await checkoutBase(root, ref, (m) => err(`perfgate check: ${m}`));
    if (checkout?.ok) {
      try {
        measured = await measurePairedCheck(config, checkout.tree, ref!, runs, baseline, decision, onProgress);
      } finally {
        await checkout.tree.remove();
      }
    } else {
      const why =
        args.paired === false
          ? "--no-paired was given"
          : !ref
            ? "the baseline records no commit (git.sha) to measure beside this one"
            : `${checkout!.reason}`;
      const remedy = checkout && !checkout.ok ? ` (${checkout.remedy})` : "";
      if (args.paired !== false) err(`perfgate check: paired mode is not possible: ${why}${remedy}`);
      measured = await measureStoredCheck(config, runs, baseline, label, decision, onProgress, why);
    }
    if (args.saveCurrent)
      await writeBaseline(path.resolve(root, args.saveCurrent), measured.current, args.saveCurrent, "--save-current");
  }
  const comparison = compareBaselines(baseline, measured.current, {
    ...decision,
    maxAgeMs,
    allowNew: args.allowNew,
    allowMissing: args.allowMissing,
    failures: measured.failures,
    ...(measured.pairs ? { paired: measured.pairs } : {}),
  });
  comparison.mode = measured.mode;
  comparison.warnings.push(...measured.notes);
  return presentComparison(
    comparison,
    { baselinePath: label, baseline, current: measured.current, tool: TOOL_ID },
    { verbose: args.verbose, json: args.json, reportsRoot: args.reports === false ? undefined : root },
  );
}

/** Stored-baseline mode said plainly, once: what it costs and how to get paired mode. */
function storedModeNote(why: string, subject = "compared"): string {
  return `${subject} with the stored baseline samples because ${why}: this is less sensitive, since the baseline was measured in another run, under other load, so a busy runner can hide a slowdown or fake one; paired mode measures the base commit beside this one in the same job`;
}

/** Suspects the fresh measurement alone calls unchanged or improved. */
function clearedBy(fresh: Comparison, suspects: string[]): Set<string> {
  const ok = fresh.decisions.filter((d) => d.verdict === "unchanged" || d.verdict === "improved").map((d) => d.name);
  return new Set(suspects.filter((n) => ok.includes(n)));
}

function clearedNote(cleared: Set<string>): string {
  return `${[...cleared].join(", ")} looked slower in the first measurement but not in a second one: judged on the second (probably load from elsewhere, not the code)`;
}

async function measureStoredCheck(
  config: Config,
  runs: number,
  baseline: BaselineFile,
  label: string,
  decision: { threshold: number; commandNoiseFloorMs?: number },
  onProgress: ((m: string) => void) | undefined,
  why: string,
): Promise<Measured> {
  err(
    `perfgate check: measuring ${config.benchmarks.length} configured benchmark(s), ${runs} run(s) x ${config.samplesPerRun} samples; baseline ${label} (created ${baseline.createdAt}, sha ${baseline.git.sha?.slice(0, 12) ?? "unknown"})`,
  );
  const first = await establishBaseline(config, { runs, onProgress });
  let current = first.baseline;
  let failures = first.failures;
  const notes = [storedModeNote(why)];
  const suspects = compareBaselines(baseline, current, {
    ...decision,
    allowNew: true,
    allowMissing: true,
    failures,
  }).regressed;
  if (suspects.length > 0) {
    // What looked slower is measured once more and judged on both measurements pooled: a burst
    // of load is diluted, a slowdown the code causes shows in both.
    err(
      `perfgate check: ${suspects.join(", ")} looked slower; measuring again to confirm (cleared only if the second measurement alone is not slower, else both are pooled)`,
    );
    // A module entry without a name stands for all its exports: measure it whole, keep the suspects.
    const specs = config.benchmarks.filter((b) => b.name === undefined || suspects.includes(b.name));
    const again = await establishBaseline({ ...config, benchmarks: specs }, { runs, onProgress });
    const fresh = { ...again.baseline, benchmarks: again.baseline.benchmarks.filter((b) => suspects.includes(b.name)) };
    const cleared = clearedBy(
      compareBaselines(baseline, fresh, { ...decision, allowNew: true, allowMissing: true, failures: again.failures }),
      suspects,
    );
    current = withRemeasured(current, fresh, cleared);
    failures = [...failures, ...again.failures];
    if (cleared.size > 0) notes.push(clearedNote(cleared));
  }
  return { current, failures, mode: { kind: "stored", why }, notes };
}

async function measurePairedCheck(
  config: Config,
  tree: BaseTree,
  ref: string,
  runs: number,
  baseline: BaselineFile,
  decision: { threshold: number; commandNoiseFloorMs?: number },
  onProgress: ((m: string) => void) | undefined,
): Promise<Measured> {
  const short = tree.sha.slice(0, 12);
  const source = ref === baseline.git.sha ? "the baseline's commit" : ref;
  if (config.setup) {
    err(`perfgate check: setup \`${config.setup}\` in the base tree and in this one`);
    await runSetup(config.setup, tree.projectDir, `base ${short}`, config.timeoutMs);
    await runSetup(config.setup, config.root, "head", config.timeoutMs);
  }
  err(
    `perfgate check: paired mode: measuring base ${short} (${source}) and this tree alternately on this runner, ${runs} run(s) x ${config.samplesPerRun} pairs per benchmark`,
  );
  const measure = (only?: string[]) => measurePaired(config, { baseRoot: tree.projectDir, runs, only, onProgress });
  const first = await measure();
  const build = (results: BenchmarkResult[]) =>
    buildBaseline(results, { runs, samplesPerRun: config.samplesPerRun }, { root: config.root });
  let current = build(first.headResults);
  let pairs = first.pairs;
  let failures = first.failures;
  const notes: string[] = [];
  const firstLook = compareBaselines(baseline, current, {
    ...decision,
    allowNew: true,
    allowMissing: true,
    failures,
    paired: pairs,
  });
  const suspects = firstLook.regressed;
  // Pairs too noisy to decide get one more round too: on a busy runner a few pairs that shared a
  // core with the neighbour can widen the interval, and more pairs narrow it. Pooled, never cleared.
  const undecided = firstLook.decisions
    .filter((d) => d.verdict === "inconclusive" && d.mode === "paired")
    .map((d) => d.name);
  if (suspects.length > 0 || undecided.length > 0) {
    const why = [
      suspects.length > 0 ? `${suspects.join(", ")} looked slower` : "",
      undecided.length > 0
        ? `${undecided.join(", ")} ${undecided.length === 1 ? "was" : "were"} too noisy to decide`
        : "",
    ].filter(Boolean);
    err(
      `perfgate check: ${why.join("; ")}; measuring more pairs (a suspect is cleared only if the new pairs alone are not slower, else all pairs are pooled)`,
    );
    const again = await measure([...suspects, ...undecided]);
    const fresh = build(again.headResults);
    const cleared = clearedBy(
      compareBaselines(baseline, fresh, {
        ...decision,
        allowNew: true,
        allowMissing: true,
        failures: again.failures,
        paired: again.pairs,
      }),
      suspects,
    );
    pairs = withMorePairs(pairs, again.pairs, cleared);
    current = withRemeasured(current, fresh, cleared);
    failures = [...failures, ...again.failures];
    if (cleared.size > 0) notes.push(clearedNote(cleared));
  }
  const fellBack = first.baseFailures.filter((f) => !failures.some((h) => h.name === f.name));
  if (fellBack.length > 0) {
    const names = fellBack.map((f) => f.name).join(", ");
    const why = fellBack.map((f) => `${f.name}: ${f.message.split("\n")[0]}`).join("; ");
    notes.push(
      storedModeNote(
        `the base commit could not run ${fellBack.length === 1 ? "it" : "them"} (${why})`,
        `${names} compared`,
      ),
    );
  }
  return { current, failures, pairs, mode: { kind: "paired", baseSha: tree.sha, baseRef: ref }, notes };
}

export interface CompareArgs extends DecisionArgs {
  baselineFile: string;
  currentFile: string;
  reports?: boolean;
  /** Sample i of each file was measured back to back with sample i of the other: decide on the pairs. */
  paired?: boolean;
}

/** Both files' samples as pairs, for `compare --paired`; every shared benchmark needs equal counts. */
function pairsOf(baseline: BaselineFile, current: BaselineFile): Map<string, PairedSamples> {
  const pairs = new Map<string, PairedSamples>();
  const toMs = { ns: 1e-6, us: 1e-3, ms: 1, s: 1000 } as const;
  for (const b of baseline.benchmarks) {
    const c = current.benchmarks.find((x) => x.name === b.name);
    if (!c) continue;
    if (c.samples.length !== b.samples.length)
      throw new UsageError(
        `--paired needs the same number of samples on both sides, but ${b.name} has ${b.samples.length} in the baseline and ${c.samples.length} in the current file`,
        "pass files whose sample i of each benchmark was measured back to back, or drop --paired",
      );
    pairs.set(b.name, {
      base: b.samples.map((v) => v * toMs[b.unit]),
      head: c.samples.map((v) => v * toMs[c.unit]),
    });
  }
  return pairs;
}

export async function compareCommand(args: CompareArgs): Promise<number> {
  const root = projectRoot(args);
  const threshold = parseThreshold(args.threshold);
  const maxAgeMs = args.maxAge ? parseDuration(args.maxAge) : undefined;
  const baselinePath = path.resolve(root, args.baselineFile);
  const baseline = await loadBaseline(baselinePath, args.baselineFile);
  const current = await loadBaseline(path.resolve(root, args.currentFile), args.currentFile);
  const comparison = compareBaselines(baseline, current, {
    threshold,
    maxAgeMs,
    allowNew: args.allowNew,
    allowMissing: args.allowMissing,
    commandNoiseFloorMs: args.noiseFloorMs,
    ...(args.paired ? { paired: pairsOf(baseline, current) } : {}),
  });
  return presentComparison(
    comparison,
    { baselinePath: path.relative(root, baselinePath) || baselinePath, baseline, current, tool: TOOL_ID },
    { verbose: args.verbose, json: args.json, reportsRoot: args.reports ? root : undefined },
  );
}
