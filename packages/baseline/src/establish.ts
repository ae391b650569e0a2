import { currentFingerprint } from "./fingerprint.ts";
import { gitInfo } from "./git-info.ts";
import { benchmarkNameProblem, CONTROL_CHARACTER_REASON } from "./names.ts";
import { type MeasureOutcome, measureBenchmarks } from "./measure/run.ts";
import { type BaselineFile, type BenchmarkResult, type Config, SCHEMA_ID, SCHEMA_VERSION } from "./schema.ts";
import { TOOL_ID } from "./version.ts";

/** Wrap measured (or imported) results into a baseline document for this machine and commit. */
export function buildBaseline(
  results: BenchmarkResult[],
  settings: { runs: number; samplesPerRun: number },
  context: { root: string; env?: NodeJS.ProcessEnv; now?: Date; calibration?: number[] },
): BaselineFile {
  const env = context.env ?? process.env;
  return {
    schema: SCHEMA_ID,
    version: SCHEMA_VERSION,
    createdAt: (context.now ?? new Date()).toISOString(),
    tool: TOOL_ID,
    git: gitInfo(context.root, env),
    environment: currentFingerprint(env),
    settings,
    benchmarks: results,
    ...(context.calibration && context.calibration.length > 0 ? { calibration: context.calibration } : {}),
  };
}

/** Measure the configured benchmarks `runs` times and build a baseline document (not written). */
export async function establishBaseline(
  config: Config,
  options: { runs: number; onProgress?: (m: string) => void; env?: NodeJS.ProcessEnv },
): Promise<{ baseline: BaselineFile; failures: MeasureOutcome["failures"] }> {
  const outcome = await measureBenchmarks(config, { runs: options.runs, onProgress: options.onProgress });
  // A module's export names become benchmark names: one with a line break would print a forged
  // workflow command in CI logs. Such a benchmark fails (with its name escaped), never prints raw.
  const failures = [...outcome.failures];
  const results = outcome.results.filter((r) => {
    const problem = benchmarkNameProblem(r.name);
    if (!problem) return true;
    const shown = JSON.stringify(r.name.slice(0, 60));
    failures.push({
      name: shown,
      message: `benchmark name ${shown} (${r.source.slice(0, 80).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, "?")}) ${problem}; ${CONTROL_CHARACTER_REASON}`,
      remedy: 'rename the export (or set a plain "name" in perfgate.config.json)',
    });
    return false;
  });
  const baseline = buildBaseline(
    results,
    { runs: options.runs, samplesPerRun: config.samplesPerRun },
    { root: config.root, env: options.env, calibration: outcome.calibration },
  );
  return { baseline, failures };
}
