import type { BaselineFile } from "./schema.ts";

/**
 * The fewest samples with which a verdict can ever be significant at alpha = 0.05: an exact
 * one-sided Mann-Whitney test with 3 a side cannot go below 1/20 = 0.05, so it needs 4 a side;
 * an exact sign test with 4 pairs cannot go below 1/16, so paired mode needs 5 pairs.
 */
export const MIN_SAMPLES = { stored: 4, paired: 5 } as const;

/** A warning for benchmarks too thin for any verdict, said when the file is made, not at check time. */
export function tooFewSamplesWarning(baseline: BaselineFile): string | undefined {
  const thin = baseline.benchmarks.filter((b) => b.samples.length < MIN_SAMPLES.paired);
  if (thin.length === 0) return undefined;
  const list = thin.map((b) => `${b.name} (${b.samples.length})`).join(", ");
  return `too few samples for a check ever to call a change significant: ${list}; paired mode needs at least ${MIN_SAMPLES.paired} per benchmark, the stored comparison ${MIN_SAMPLES.stored} a side. Raise --runs (each run adds samplesPerRun samples) or samplesPerRun in perfgate.config.json`;
}
