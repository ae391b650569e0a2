import { currentFingerprint } from "./fingerprint.ts";
import { gitInfo } from "./git-info.ts";
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
  const { results, failures } = outcome;
  const baseline = buildBaseline(
    results,
    { runs: options.runs, samplesPerRun: config.samplesPerRun },
    { root: config.root, env: options.env, calibration: outcome.calibration },
  );
  return { baseline, failures };
}
