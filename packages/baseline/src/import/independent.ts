import type { BenchmarkDecision } from "../decide.ts";
import { MIN_SAMPLES } from "../sample-count.ts";
import type { BaselineFile, BenchmarkResult } from "../schema.ts";
import { median } from "../stats/summary.ts";

const TO_MS = { ns: 1e-6, us: 1e-3, ms: 1, s: 1000 } as const;

/**
 * The samples of `b` that are independent of each other, in ms. perfgate's own measurements are
 * taken as they are. An imported benchmark has one sample per imported file (a run of the other
 * tool); a file imported before that rule kept every round of its one run (settings.samplesPerRun
 * of them per run), which counts as one sample per run: the median of each run's rounds.
 */
export function independentSamplesMs(b: BenchmarkResult, settings: BaselineFile["settings"]): number[] {
  const ms = b.samples.map((v) => v * TO_MS[b.unit]);
  if (b.kind !== "imported" || settings.samplesPerRun <= 1) return ms;
  const runs: number[] = [];
  for (let i = 0; i < ms.length; i += settings.samplesPerRun)
    runs.push(median(ms.slice(i, i + settings.samplesPerRun)));
  return runs;
}

const pct = (r: number) => `${r >= 1 ? "+" : ""}${((r - 1) * 100).toFixed(1)}%`;

/**
 * An `inconclusive` decision when a side of a stored comparison is imported and has fewer
 * independent runs than any verdict needs: with one run a side no test can tell the code from the
 * moment each was measured in, so neither "regressed" nor "unchanged" would be honest.
 */
export function tooFewImportedRuns(
  name: string,
  baseline: { kind: BenchmarkResult["kind"]; ms: number[] },
  current: { kind: BenchmarkResult["kind"]; ms: number[] },
): BenchmarkDecision | undefined {
  const thin = [
    ...(baseline.kind === "imported" && baseline.ms.length < MIN_SAMPLES.stored ? ["baseline"] : []),
    ...(current.kind === "imported" && current.ms.length < MIN_SAMPLES.stored ? ["current results"] : []),
  ];
  if (thin.length === 0) return undefined;
  const runs = (n: number) => `${n} imported run${n === 1 ? "" : "s"}`;
  const sides =
    thin.length === 2
      ? `${runs(baseline.ms.length)} in the baseline and ${current.ms.length} in the current results`
      : thin[0] === "baseline"
        ? `${runs(baseline.ms.length)} in the baseline`
        : `${runs(current.ms.length)} in the current results`;
  const ratio = median(current.ms) / median(baseline.ms);
  return {
    name,
    verdict: "inconclusive",
    reason: `only ${sides} (median ratio ${pct(ratio)}): an imported file is one independent sample per benchmark (its rounds ran in one process, under one machine state), and a verdict needs at least ${MIN_SAMPLES.stored} a side; import more runs of the tool: several files at once, or \`perfgate import --append\``,
    ratio,
    mode: "stored",
    baselineSamples: baseline.ms,
    currentSamples: current.ms,
  };
}
