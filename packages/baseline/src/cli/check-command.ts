import path from "node:path";
import { DEFAULT_BASELINE_PATH, loadBaseline, writeBaseline } from "../baseline-file.ts";
import { compareBaselines } from "../compare.ts";
import { loadConfig } from "../config.ts";
import { establishBaseline } from "../establish.ts";
import { type GlobalArgs, err, parseDuration, parseRuns, parseThreshold, projectRoot } from "./common.ts";
import { presentComparison } from "./present.ts";
import { TOOL_ID } from "../version.ts";

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
}

export async function checkCommand(args: CheckArgs): Promise<number> {
  const root = projectRoot(args);
  const threshold = parseThreshold(args.threshold);
  const maxAgeMs = parseDuration(args.maxAge ?? "30d");
  const baselinePath = path.resolve(root, args.baseline ?? DEFAULT_BASELINE_PATH);
  const label = args.baseline ?? DEFAULT_BASELINE_PATH; // as the user wrote it
  // Read the baseline first: an unusable one fails fast, before minutes of measuring.
  const baseline = await loadBaseline(baselinePath, label);
  let current: Awaited<ReturnType<typeof loadBaseline>>;
  let failures: Awaited<ReturnType<typeof establishBaseline>>["failures"] = [];
  if (args.current) {
    current = await loadBaseline(path.resolve(root, args.current), args.current);
  } else {
    const config = await loadConfig(root);
    const runs = parseRuns(args.runs, baseline.settings.runs);
    err(`perfgate check: measuring ${config.benchmarks.length} configured benchmark(s), ${runs} run(s) x ${config.samplesPerRun} samples; baseline ${label} (created ${baseline.createdAt}, sha ${baseline.git.sha?.slice(0, 12) ?? "unknown"})`);
    const measured = await establishBaseline(config, { runs, onProgress: args.verbose ? (m) => err(`  ${m}`) : undefined });
    current = measured.baseline;
    failures = measured.failures;
    if (args.saveCurrent) await writeBaseline(path.resolve(root, args.saveCurrent), current);
  }
  const comparison = compareBaselines(baseline, current, { threshold, maxAgeMs, allowNew: args.allowNew, allowMissing: args.allowMissing, failures, commandNoiseFloorMs: args.noiseFloorMs });
  await presentComparison(comparison, { baselinePath: label, baseline, current, tool: TOOL_ID }, { verbose: args.verbose, json: args.json, reportsRoot: args.reports === false ? undefined : root });
  return comparison.exitCode;
}

export interface CompareArgs extends DecisionArgs {
  baselineFile: string;
  currentFile: string;
  reports?: boolean;
}

export async function compareCommand(args: CompareArgs): Promise<number> {
  const root = projectRoot(args);
  const threshold = parseThreshold(args.threshold);
  const maxAgeMs = args.maxAge ? parseDuration(args.maxAge) : undefined;
  const baselinePath = path.resolve(root, args.baselineFile);
  const baseline = await loadBaseline(baselinePath, args.baselineFile);
  const current = await loadBaseline(path.resolve(root, args.currentFile), args.currentFile);
  const comparison = compareBaselines(baseline, current, { threshold, maxAgeMs, allowNew: args.allowNew, allowMissing: args.allowMissing, commandNoiseFloorMs: args.noiseFloorMs });
  await presentComparison(comparison, { baselinePath: path.relative(root, baselinePath) || baselinePath, baseline, current, tool: TOOL_ID }, { verbose: args.verbose, json: args.json, reportsRoot: args.reports ? root : undefined });
  return comparison.exitCode;
}
