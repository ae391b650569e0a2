import { type BenchmarkDecision, type DecisionOptions, decideBenchmark } from "./decide.ts";
import type { BenchmarkFailure } from "./measure/run.ts";
import { fingerprintDifferences } from "./fingerprint.ts";
import type { BaselineFile, Unit } from "./schema.ts";
import { median } from "./stats/summary.ts";
import { DEFAULT_COMMAND_NOISE_FLOOR_MS } from "./defaults.ts";

export interface CompareOptions extends DecisionOptions {
  /** Warn when the baseline is older than this (ms). */
  maxAgeMs?: number;
  /** Treat benchmarks measured now but absent from the baseline as a warning instead of exit 2. */
  allowNew?: boolean;
  /** Treat benchmarks in the baseline but not measured now as a warning instead of exit 2. */
  allowMissing?: boolean;
  /** Benchmarks that failed while measuring the current side. */
  failures?: BenchmarkFailure[];
  now?: Date;
  /** Noise floor for command benchmarks in ms (see DecisionOptions.minEffectMs); default 2. */
  commandNoiseFloorMs?: number;
}

export interface Comparison {
  threshold: number;
  decisions: BenchmarkDecision[];
  warnings: string[];
  /** 0 no regression, 1 regression, 2 unusable (errors, or benchmarks on one side only) */
  exitCode: 0 | 1 | 2;
  regressed: string[];
  counts: Record<BenchmarkDecision["verdict"], number>;
}

/** Process start-up jitter on a loaded 2-core CI machine reaches about a millisecond or two. */
export { DEFAULT_COMMAND_NOISE_FLOOR_MS };

const TO_MS: Record<Unit, number> = { ns: 1e-6, us: 1e-3, ms: 1, s: 1000 };

export function formatAge(ms: number): string {
  const days = ms / 86_400_000;
  if (days >= 1) return `${Math.floor(days)} day${Math.floor(days) === 1 ? "" : "s"}`;
  const hours = ms / 3_600_000;
  if (hours >= 1) return `${Math.floor(hours)} hour${Math.floor(hours) === 1 ? "" : "s"}`;
  return `${Math.max(0, Math.floor(ms / 60_000))} minutes`;
}

/**
 * Ratio of calibration medians (current / baseline) when the machine is
 * clearly slower now (beyond half the threshold), else 1. Only ever loosens the
 * gate: a faster machine now does not make it stricter.
 */
export function machineSlowdownFactor(baseline: BaselineFile, current: BaselineFile, threshold: number): number {
  if (!baseline.calibration?.length || !current.calibration?.length) return 1;
  const ratio = median(current.calibration) / median(baseline.calibration);
  return ratio > 1 + threshold / 2 ? ratio : 1;
}

/** The whole decision: per-benchmark verdicts, warnings, and the exit code. */
export function compareBaselines(baseline: BaselineFile, current: BaselineFile, options: CompareOptions): Comparison {
  const warnings: string[] = [];
  const now = options.now ?? new Date();
  if (options.maxAgeMs !== undefined) {
    const age = now.getTime() - Date.parse(baseline.createdAt);
    if (age > options.maxAgeMs) {
      warnings.push(
        `baseline is older than ${formatAge(options.maxAgeMs)}: created ${baseline.createdAt} (${formatAge(age)} ago, sha ${baseline.git.sha?.slice(0, 12) ?? "unknown"}); re-establish it on main so comparisons reflect current code`,
      );
    }
  }
  const diffs = fingerprintDifferences(baseline.environment, current.environment);
  if (diffs.length > 0) {
    warnings.push(
      `baseline was measured on a different machine class (${diffs.join("; ")}): differences may come from the hardware, not the code`,
    );
  }
  const machineSlowdown = machineSlowdownFactor(baseline, current, options.threshold);
  if (machineSlowdown > 1) {
    warnings.push(
      `this machine was ${((machineSlowdown - 1) * 100).toFixed(0)}% slower than when the baseline was measured (a fixed calibration process took that much longer), probably from other load; slowdowns are judged beyond that factor, so small regressions may go unnoticed in this run`,
    );
  }
  const decisions: BenchmarkDecision[] = [];
  const currentByName = new Map(current.benchmarks.map((b) => [b.name, b]));
  const baselineByName = new Map(baseline.benchmarks.map((b) => [b.name, b]));
  const failures = new Map((options.failures ?? []).map((f) => [f.name, f]));
  for (const b of baseline.benchmarks) {
    const failure = failures.get(b.name);
    if (failure) {
      decisions.push({
        name: b.name,
        verdict: "error",
        reason: failure.message,
        error: `${failure.message} (remedy: ${failure.remedy})`,
      });
      continue;
    }
    const c = currentByName.get(b.name);
    if (!c) {
      decisions.push({
        name: b.name,
        verdict: "missing",
        reason: "in the baseline but not measured now (removed or renamed?)",
      });
      continue;
    }
    const toMs = (v: number, unit: Unit) => v * TO_MS[unit];
    decisions.push(
      decideBenchmark(
        b.name,
        b.samples.map((v) => toMs(v, b.unit)),
        c.samples.map((v) => toMs(v, c.unit)),
        {
          ...options,
          machineSlowdown,
          minEffectMs:
            b.kind === "command"
              ? (options.commandNoiseFloorMs ?? DEFAULT_COMMAND_NOISE_FLOOR_MS)
              : options.minEffectMs,
        },
      ),
    );
  }
  for (const c of current.benchmarks) {
    if (!baselineByName.has(c.name))
      decisions.push({
        name: c.name,
        verdict: "new",
        reason: "measured now but not in the baseline (nothing to compare with)",
      });
  }
  for (const f of failures.values()) {
    if (!baselineByName.has(f.name))
      decisions.push({
        name: f.name,
        verdict: "error",
        reason: f.message,
        error: `${f.message} (remedy: ${f.remedy})`,
      });
  }
  const counts = {
    regressed: 0,
    improved: 0,
    unchanged: 0,
    inconclusive: 0,
    new: 0,
    missing: 0,
    error: 0,
  } as Comparison["counts"];
  for (const d of decisions) counts[d.verdict]++;
  const regressed = decisions.filter((d) => d.verdict === "regressed").map((d) => d.name);
  const compared = counts.regressed + counts.improved + counts.unchanged + counts.inconclusive;
  const unusable =
    compared === 0 ||
    counts.error > 0 ||
    (counts.new > 0 && !options.allowNew) ||
    (counts.missing > 0 && !options.allowMissing);
  const exitCode: Comparison["exitCode"] = regressed.length > 0 ? 1 : unusable ? 2 : 0;
  return { threshold: options.threshold, decisions, warnings, exitCode, regressed, counts };
}

/**
 * `first` with the benchmarks of `again` (a fresh measurement of some of them) put in place of
 * their first samples, and both calibrations kept. check uses it to re-measure what looked
 * regressed: a regression caused by the code shows again; a burst of other load rarely does twice.
 */
export function withRemeasured(first: BaselineFile, again: BaselineFile): BaselineFile {
  const byName = new Map(again.benchmarks.map((b) => [b.name, b]));
  const calibration = [...(first.calibration ?? []), ...(again.calibration ?? [])];
  return {
    ...first,
    benchmarks: first.benchmarks.map((b) => byName.get(b.name) ?? b),
    ...(calibration.length > 0 ? { calibration } : {}),
  };
}
