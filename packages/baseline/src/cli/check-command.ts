import path from "node:path";
import { DEFAULT_BASELINE_PATH, loadBaseline, writeBaseline } from "../baseline-file.ts";
import { compareBaselines, withRemeasured } from "../compare.ts";
import { loadConfig } from "../config.ts";
import { establishBaseline } from "../establish.ts";
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
  let confirmed: string[] = []; // benchmarks re-measured because they first looked regressed
  if (args.current) {
    current = await loadBaseline(path.resolve(root, args.current), args.current);
  } else {
    const config = await loadConfig(root);
    // Whatever would fail to be written afterwards fails now, before minutes of measuring.
    if (args.saveCurrent)
      await preflightWrite(path.resolve(root, args.saveCurrent), "baseline file", args.saveCurrent, "--save-current");
    if (args.reports !== false) await preflightReports(root);
    const runs = parseRuns(args.runs, baseline.settings.runs);
    err(
      `perfgate check: measuring ${config.benchmarks.length} configured benchmark(s), ${runs} run(s) x ${config.samplesPerRun} samples; baseline ${label} (created ${baseline.createdAt}, sha ${baseline.git.sha?.slice(0, 12) ?? "unknown"})`,
    );
    const onProgress = args.verbose ? (m: string) => err(`  ${m}`) : undefined;
    const measured = await establishBaseline(config, { runs, onProgress });
    current = measured.baseline;
    failures = measured.failures;
    const suspects = compareBaselines(baseline, current, {
      threshold,
      allowNew: true,
      allowMissing: true,
      failures,
      commandNoiseFloorMs: args.noiseFloorMs,
    }).regressed;
    if (suspects.length > 0) {
      // A failed PR costs a developer real time: what looked slower is measured once more and
      // judged on the fresh samples, so a burst of load on a shared runner is not a regression.
      err(
        `perfgate check: ${suspects.join(", ")} looked slower; measuring ${suspects.length === 1 ? "it" : "them"} again to confirm`,
      );
      // A module entry without a name stands for all its exports: measure it whole, keep the suspects.
      const specs = config.benchmarks.filter((b) => b.name === undefined || suspects.includes(b.name));
      const again = await establishBaseline({ ...config, benchmarks: specs }, { runs, onProgress });
      const remeasured = {
        ...again.baseline,
        benchmarks: again.baseline.benchmarks.filter((b) => suspects.includes(b.name)),
      };
      current = withRemeasured(current, remeasured);
      failures = [...failures, ...again.failures];
      confirmed = suspects;
    }
    if (args.saveCurrent)
      await writeBaseline(path.resolve(root, args.saveCurrent), current, args.saveCurrent, "--save-current");
  }
  const comparison = compareBaselines(baseline, current, {
    threshold,
    maxAgeMs,
    allowNew: args.allowNew,
    allowMissing: args.allowMissing,
    failures,
    commandNoiseFloorMs: args.noiseFloorMs,
  });
  const cleared = confirmed.filter((name) => !comparison.regressed.includes(name));
  if (cleared.length > 0) {
    comparison.warnings.push(
      `${cleared.join(", ")} looked slower in the first measurement but not when measured again: probably load from elsewhere, not the code`,
    );
  }
  return presentComparison(
    comparison,
    { baselinePath: label, baseline, current, tool: TOOL_ID },
    { verbose: args.verbose, json: args.json, reportsRoot: args.reports === false ? undefined : root },
  );
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
  const comparison = compareBaselines(baseline, current, {
    threshold,
    maxAgeMs,
    allowNew: args.allowNew,
    allowMissing: args.allowMissing,
    commandNoiseFloorMs: args.noiseFloorMs,
  });
  return presentComparison(
    comparison,
    { baselinePath: path.relative(root, baselinePath) || baselinePath, baseline, current, tool: TOOL_ID },
    { verbose: args.verbose, json: args.json, reportsRoot: args.reports ? root : undefined },
  );
}
