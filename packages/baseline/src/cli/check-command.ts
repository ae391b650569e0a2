import path from "node:path";
import { DEFAULT_BASELINE_PATH, loadBaseline, writeBaseline } from "../baseline-file.ts";
import { compareBaselines } from "../compare.ts";
import { loadConfig } from "../config.ts";
import { type Measured, measurePairedCheck, measureStoredCheck } from "../check/measure-check.ts";
import { checkoutBase, resolveBaseRef } from "../paired/base-tree.ts";
import type { PairedSamples } from "../paired/pairs.ts";
import type { BaselineFile } from "../schema.ts";
import { PerfgateError, UsageError } from "../errors.ts";
import { buildBaseline } from "../establish.ts";
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
  /** Benchmarks added or removed since the baseline are exit 2 (default: reported, and they pass). */
  strictBenchmarks?: boolean;
  /** No stored baseline: judge on the pairs with --base alone (when main's baseline cannot be had). */
  withoutBaseline?: boolean;
}

function refuseWithoutBaselineMisuse(args: CheckArgs): void {
  const clash =
    args.base === undefined
      ? "it needs --base REF (the commit to measure beside this tree)"
      : args.paired === false
        ? "it cannot be combined with --no-paired (there would be nothing to compare with)"
        : args.current
          ? "it cannot be combined with --current"
          : args.baseline !== undefined && args.baseline !== DEFAULT_BASELINE_PATH
            ? "it cannot be combined with --baseline"
            : undefined;
  if (clash)
    throw new UsageError(
      `--without-baseline: ${clash}`,
      "e.g. perfgate check --without-baseline --base origin/main (the pull request's base commit)",
    );
}

export async function checkCommand(args: CheckArgs): Promise<number> {
  const root = projectRoot(args);
  const threshold = parseThreshold(args.threshold);
  const maxAgeMs = parseDuration(args.maxAge ?? "30d");
  const baselinePath = path.resolve(root, args.baseline ?? DEFAULT_BASELINE_PATH);
  const label = args.baseline ?? DEFAULT_BASELINE_PATH; // as the user wrote it
  if (args.withoutBaseline) refuseWithoutBaselineMisuse(args);
  // Read the baseline first: an unusable one fails fast, before minutes of measuring. Without one,
  // the base commit measured in this job is the only reference.
  const baseline = args.withoutBaseline
    ? { ...buildBaseline([], { runs: args.runs ?? 3, samplesPerRun: 1 }, { root }), git: { sha: null, ref: null } }
    : await loadBaseline(baselinePath, label);
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
    // --base is the user's word: one that names no commit is exit 2, never a quiet stored check.
    const baseSha =
      args.base !== undefined && args.paired !== false ? await resolveBaseRef(root, args.base) : undefined;
    const ref = args.base ?? (args.paired === false ? undefined : (baseline.git.sha ?? undefined));
    const sha = baseSha ?? (args.base === undefined ? ref : undefined);
    const checkout =
      args.paired === false || !sha ? undefined : await checkoutBase(root, sha, (m) => err(`perfgate check: ${m}`));
    if (checkout?.ok) {
      try {
        measured = await measurePairedCheck(config, checkout.tree, ref!, runs, baseline, decision, onProgress, err);
      } finally {
        await checkout.tree.remove();
      }
    } else if (args.withoutBaseline) {
      throw new PerfgateError(
        "BASE_UNAVAILABLE",
        `--without-baseline needs the base commit measured beside this tree, but ${checkout ? checkout.reason : "paired mode is off"}`,
        checkout ? checkout.remedy : "drop --no-paired",
      );
    } else {
      const why =
        args.paired === false
          ? "--no-paired was given"
          : !ref
            ? "the baseline records no commit (git.sha) to measure beside this one"
            : `${checkout!.reason}`;
      const remedy = checkout && !checkout.ok ? ` (${checkout.remedy})` : "";
      if (args.paired !== false) err(`perfgate check: paired mode is not possible: ${why}${remedy}`);
      measured = await measureStoredCheck(config, runs, baseline, label, decision, onProgress, why, err);
    }
    if (args.saveCurrent)
      await writeBaseline(path.resolve(root, args.saveCurrent), measured.current, args.saveCurrent, "--save-current");
  }
  const comparison = compareBaselines(baseline, measured.current, {
    ...decision,
    maxAgeMs,
    // An ordinary pull request adds, renames and removes benchmarks: reported, not a failed job.
    allowNew: args.allowNew || !args.strictBenchmarks,
    allowMissing: args.allowMissing || !args.strictBenchmarks,
    failures: measured.failures,
    ...(measured.pairs ? { paired: measured.pairs } : {}),
  });
  comparison.mode = measured.mode;
  comparison.warnings.push(...measured.notes);
  return presentComparison(
    comparison,
    {
      baselinePath: args.withoutBaseline ? `base commit ${args.base} (measured in this job)` : label,
      baseline,
      current: measured.current,
      tool: TOOL_ID,
    },
    { verbose: args.verbose, json: args.json, reportsRoot: args.reports === false ? undefined : root },
  );
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
