import { discountMachineChange, machineSpeedChange } from "../compare.ts";
import { decideBenchmark, effectiveLimit } from "../decide.ts";
import type { PairedSamples } from "../paired/pairs.ts";
import type { BaselineFile, Unit } from "../schema.ts";
import { median } from "../stats/summary.ts";

const TO_MS: Record<Unit, number> = { ns: 1e-6, us: 1e-3, ms: 1, s: 1000 };

export interface DriftedBase {
  name: string;
  /** median(base side now) / median(the stored samples of the same commit) */
  ratio: number;
}

/**
 * Module benchmarks whose base side, measured in this job, ran clearly slower than main's stored samples
 * of the very same commit, by more than the runner's own speed (the calibration probe) explains.
 * Pairs then cannot be trusted: the base tree ran other code than main did (a global the PR's
 * module patches in the shared worker, an editable install that loads the PR's files), and an
 * `unchanged` from them would be silent about a real slowdown.
 */
export function driftedBase(
  baseline: BaselineFile,
  baseSha: string,
  pairs: ReadonlyMap<string, PairedSamples>,
  current: BaselineFile,
  options: { threshold: number },
): DriftedBase[] {
  if (baseline.git.sha !== baseSha) return [];
  const speed = machineSpeedChange(baseline, current, options.threshold);
  const out: DriftedBase[] = [];
  for (const [name, p] of pairs) {
    const stored = baseline.benchmarks.find((b) => b.name === name);
    // Only module benchmarks share a process between the trees; commands and harness rounds are
    // processes of their own tree, whose ways of loading the other tree's files are looked for on
    // disk (head-code-leaks.ts). Load that comes and goes between the stored run and this one
    // would otherwise read as drift for them.
    if (stored?.kind !== "module") continue;
    const storedMs = stored.samples.map((v) => v * TO_MS[stored.unit]);
    const decisionOptions = { threshold: options.threshold };
    const d = decideBenchmark(name, storedMs, p.base, decisionOptions);
    const { limit } = effectiveLimit(decisionOptions, median(storedMs));
    if (discountMachineChange(d, speed, limit).verdict === "regressed") out.push({ name, ratio: d.ratio ?? 1 });
  }
  return out;
}

export function driftNote(drifted: DriftedBase[], short: string): string {
  const list = drifted.map((d) => `${d.name} ${d.ratio >= 1 ? "+" : ""}${((d.ratio - 1) * 100).toFixed(0)}%`);
  return `the base commit ${short} measured slower in this job than in main's baseline of the same commit (${list.join(", ")}), more than the runner's own speed explains: the base side probably ran other code than main did (a global that the change's module patches, which both trees share in one worker, or an installed package that loads the change's files, such as \`pip install -e .\`), so ${drifted.length === 1 ? "it is" : "they are"} judged against the stored samples instead of the pairs (remedy: give each tree its own install in "setup", and do not patch globals at a module's top level)`;
}
