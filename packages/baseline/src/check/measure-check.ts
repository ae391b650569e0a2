import { type Comparison, type ComparisonMode, compareBaselines, withMorePairs, withRemeasured } from "../compare.ts";
import { buildBaseline, establishBaseline } from "../establish.ts";
import { type BenchmarkFailure, CALIBRATION_SAMPLES_PER_RUN, calibrationSample } from "../measure/run.ts";
import { runSetups } from "../measure/setup.ts";
import { MeasureError } from "../errors.ts";
import type { BaseTree } from "../paired/base-tree.ts";
import { headCodeLeaks } from "../paired/head-code-leaks.ts";
import { driftedBase, driftNote } from "./base-consistency.ts";
import { measurePaired } from "../paired/measure-paired.ts";
import type { PairedSamples } from "../paired/pairs.ts";
import type { BaselineFile, BenchmarkResult, Config } from "../schema.ts";

export type Measured = {
  current: BaselineFile;
  failures: BenchmarkFailure[];
  pairs?: Map<string, PairedSamples>;
  mode: ComparisonMode;
  notes: string[];
};

type Decision = { threshold: number; commandNoiseFloorMs?: number };

/** Best effort: a probe that cannot run leaves the check without a speed reference, nothing more. */
async function calibrationProbes(count: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(await calibrationSample().catch(() => Number.NaN));
  return out.filter((v) => Number.isFinite(v));
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

/** Measure this tree and compare with the stored samples; what looks slower is measured again. */
export async function measureStoredCheck(
  config: Config,
  runs: number,
  baseline: BaselineFile,
  label: string,
  decision: Decision,
  onProgress: ((m: string) => void) | undefined,
  why: string,
  err: (line: string) => void,
): Promise<Measured> {
  await runSetups(config, config.root, "head", (m) => err(`perfgate check: ${m}`));
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

/** Measure the base commit's tree and this one alternately and decide on the pairs. */
export async function measurePairedCheck(
  config: Config,
  tree: BaseTree,
  ref: string,
  runs: number,
  baseline: BaselineFile,
  decision: Decision,
  onProgress: ((m: string) => void) | undefined,
  err: (line: string) => void,
): Promise<Measured> {
  const short = tree.sha.slice(0, 12);
  const source = ref === baseline.git.sha ? "the baseline's commit" : ref;
  const say = (m: string) => err(`perfgate check: ${m}`);
  await runSetups(config, tree.projectDir, `base ${short}`, say);
  await runSetups(config, config.root, "head", say);
  const leaks = await headCodeLeaks(config, tree.projectDir);
  if (leaks.length > 0)
    throw new MeasureError(
      `setup (base ${short})`,
      `the base commit's tree would run this tree's code, so the pairs would compare the change with itself: ${leaks.join("; ")}`,
      'give each tree its own install in "setup" (a virtual environment inside the tree with a non-editable install, e.g. `python3 -m venv .perfgate-venv && .perfgate-venv/bin/pip install .`, and `run` through `.perfgate-venv/bin/python`; `npm ci` instead of a linked package; no CARGO_TARGET_DIR shared by the trees), or check with --no-paired',
    );
  err(
    `perfgate check: paired mode: measuring base ${short} (${source}) and this tree alternately on this runner, ${runs} run(s) x ${config.samplesPerRun} pairs per benchmark`,
  );
  const measure = (only?: string[]) => measurePaired(config, { baseRoot: tree.projectDir, runs, only, onProgress });
  // The runner's own speed, to tell a slower runner from a base tree that ran other code.
  const calibration = await calibrationProbes(CALIBRATION_SAMPLES_PER_RUN);
  const first = await measure();
  calibration.push(...(await calibrationProbes(CALIBRATION_SAMPLES_PER_RUN)));
  const build = (results: BenchmarkResult[]) =>
    buildBaseline(results, { runs, samplesPerRun: config.samplesPerRun }, { root: config.root, calibration });
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
  const drifted = driftedBase(baseline, tree.sha, pairs, current, decision);
  for (const d of drifted) pairs.delete(d.name);
  if (drifted.length > 0) notes.push(driftNote(drifted, short));
  return { current, failures, pairs, mode: { kind: "paired", baseSha: tree.sha, baseRef: ref }, notes };
}
