import { baselineWarnings } from "./baseline-file.ts";
import { type BenchmarkDecision, type DecisionOptions, decideBenchmark, effectiveLimit } from "./decide.ts";
import { fingerprintDifferences } from "./fingerprint.ts";
import type { BenchmarkFailure } from "./measure/run.ts";
import { decidePairedBenchmark } from "./paired/decide-paired.ts";
import type { PairedSamples } from "./paired/measure-paired.ts";
import type { BaselineFile, Unit } from "./schema.ts";
import { median, summarize } from "./stats/summary.ts";
import { DEFAULT_COMMAND_NOISE_FLOOR_MS } from "./defaults.ts";
import { independentSamplesMs, tooFewImportedRuns } from "./import/independent.ts";

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
  /**
   * Benchmarks measured in pairs in this job (base commit and head, interleaved): these are
   * decided on the pairs; the stored baseline's samples are used only for the others.
   */
  paired?: ReadonlyMap<string, PairedSamples>;
}

export interface Comparison {
  threshold: number;
  decisions: BenchmarkDecision[];
  warnings: string[];
  /** 0 no regression, 1 regression, 2 unusable (errors, or benchmarks on one side only) */
  exitCode: 0 | 1 | 2;
  regressed: string[];
  counts: Record<BenchmarkDecision["verdict"], number>;
  /** How the current side was compared: paired with a base commit measured in this job, or with the stored samples. */
  mode?: ComparisonMode;
  /** What --allow-new / --allow-missing accepted (so messages do not ask for them again). */
  accepted?: { new: boolean; missing: boolean };
}

export type ComparisonMode = { kind: "paired"; baseSha: string; baseRef: string } | { kind: "stored"; why: string };

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
 * Ratio of calibration medians (current / baseline) when the runner's own speed clearly moved
 * between the two measurements (beyond half the threshold either way), else 1.
 */
export function machineSpeedChange(baseline: BaselineFile, current: BaselineFile, threshold: number): number {
  if (!baseline.calibration?.length || !current.calibration?.length) return 1;
  const ratio = median(current.calibration) / median(baseline.calibration);
  return ratio > 1 + threshold / 2 || ratio < 1 / (1 + threshold / 2) ? ratio : 1;
}

/**
 * A stored-baseline verdict the runner's speed change could explain becomes inconclusive: the
 * change is never folded into the threshold (a busy runner must not turn a real +60% slowdown
 * into "unchanged"), and never hides behind a faster runner either.
 */
export function discountMachineChange(d: BenchmarkDecision, speed: number, limit: number): BenchmarkDecision {
  if (speed === 1 || !d.ci) return d;
  const moved = `${speed > 1 ? "slower" : "faster"} by ${Math.abs((speed - 1) * 100).toFixed(0)}%`;
  const why = `the runner itself ran ${moved} than when the baseline was measured (a fixed calibration process), so this run cannot tell the code from the load; re-run on a quieter runner, or use paired mode`;
  const explained =
    (d.verdict === "regressed" && d.ci.lo / speed <= limit) ||
    (d.verdict === "improved" && d.ci.hi / speed >= 1 / limit) ||
    (d.verdict === "unchanged" && speed < 1 && d.ci.hi / speed > limit);
  return explained ? { ...d, verdict: "inconclusive", reason: `${d.reason}; but ${why}` } : d;
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
  for (const [file, label] of [
    [baseline, "baseline"],
    [current, "current results"],
  ] as const) {
    warnings.push(...baselineWarnings(file, now).map((w) => `${label}: ${w}`));
  }
  const diffs = fingerprintDifferences(baseline.environment, current.environment);
  if (diffs.length > 0) {
    warnings.push(
      `baseline was measured on a different machine class (${diffs.join("; ")}): differences may come from the hardware, not the code`,
    );
  }
  const paired = options.paired ?? new Map<string, PairedSamples>();
  const stored = baseline.benchmarks.some((b) => !paired.has(b.name));
  const speed = stored ? machineSpeedChange(baseline, current, options.threshold) : 1;
  if (speed !== 1) {
    warnings.push(
      `this runner ran ${Math.abs((speed - 1) * 100).toFixed(0)}% ${speed > 1 ? "slower" : "faster"} than when the baseline was measured (a fixed calibration process), probably from other load: verdicts against the stored baseline that this could explain are inconclusive`,
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
        remedy: failure.remedy,
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
    const minEffectMs =
      b.kind === "command" ? (options.commandNoiseFloorMs ?? DEFAULT_COMMAND_NOISE_FLOOR_MS) : options.minEffectMs;
    const pairs = paired.get(b.name);
    if (pairs) {
      decisions.push(decidePairedBenchmark(b.name, pairs.base, pairs.head, { ...options, minEffectMs }));
      continue;
    }
    // An imported file is one sample per benchmark, however many rounds it timed (import/independent.ts).
    const baseMs = independentSamplesMs(b, baseline.settings);
    const curMs = independentSamplesMs(c, current.settings);
    const thin = tooFewImportedRuns(b.name, { kind: b.kind, ms: baseMs }, { kind: c.kind, ms: curMs });
    if (thin) {
      decisions.push(thin);
      continue;
    }
    const d = decideBenchmark(b.name, baseMs, curMs, { ...options, minEffectMs });
    const { limit } = effectiveLimit({ ...options, minEffectMs }, median(baseMs));
    decisions.push({ ...discountMachineChange(d, speed, limit), mode: "stored" });
  }
  // Measured in pairs but absent from the stored baseline (added since): the pairs decide.
  for (const [name, pairs] of paired) {
    if (baselineByName.has(name) || failures.has(name)) continue;
    const kind = currentByName.get(name)?.kind;
    const minEffectMs =
      kind === "command" ? (options.commandNoiseFloorMs ?? DEFAULT_COMMAND_NOISE_FLOOR_MS) : options.minEffectMs;
    decisions.push(decidePairedBenchmark(name, pairs.base, pairs.head, { ...options, minEffectMs }));
  }
  for (const c of current.benchmarks) {
    if (!baselineByName.has(c.name) && !paired.has(c.name))
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
        remedy: f.remedy,
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
  const accepted = { new: Boolean(options.allowNew), missing: Boolean(options.allowMissing) };
  return { threshold: options.threshold, decisions, warnings, exitCode, regressed, counts, accepted };
}

/**
 * `first` with the samples of `again` (a fresh measurement of some of its benchmarks) added to
 * theirs, and both calibrations kept; for the names in `replace`, the fresh samples alone. check
 * re-measures what looked regressed: a suspect is cleared (decided on the fresh samples) only when
 * the fresh measurement alone says it is not slower; otherwise both measurements are pooled, so a
 * slowdown the code causes fails with more samples behind it, never cleared by one lucky run.
 */
export function withRemeasured(
  first: BaselineFile,
  again: BaselineFile,
  replace: ReadonlySet<string> = new Set(),
): BaselineFile {
  const byName = new Map(again.benchmarks.map((b) => [b.name, b]));
  const calibration = [...(first.calibration ?? []), ...(again.calibration ?? [])];
  return {
    ...first,
    benchmarks: first.benchmarks.map((b) => {
      const more = byName.get(b.name);
      if (!more) return b;
      if (replace.has(b.name)) return more;
      const samples = [...b.samples.map((v) => v * TO_MS[b.unit]), ...more.samples.map((v) => v * TO_MS[more.unit])];
      return { ...b, unit: "ms" as const, samples, summary: summarize(samples) };
    }),
    ...(calibration.length > 0 ? { calibration } : {}),
  };
}

/** Paired samples of `first` with those of `again` appended, or instead for `replace` (see withRemeasured). */
export function withMorePairs(
  first: ReadonlyMap<string, PairedSamples>,
  again: ReadonlyMap<string, PairedSamples>,
  replace: ReadonlySet<string> = new Set(),
): Map<string, PairedSamples> {
  const out = new Map(first);
  for (const [name, more] of again) {
    const had = replace.has(name) ? undefined : first.get(name);
    out.set(name, had ? { base: [...had.base, ...more.base], head: [...had.head, ...more.head] } : more);
  }
  return out;
}
