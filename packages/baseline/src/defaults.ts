// Defaults the CLI's option table shows. Kept free of imports so `perfgate --version` and
// `--help` load no schema, statistics or process library (see src/cli/main.ts).

export const DEFAULT_BASELINE_PATH = "metrics/baselines/current_performance_baseline.json";

/** Command benchmarks: a slowdown must also exceed this many ms (process start-up jitter). */
export const DEFAULT_COMMAND_NOISE_FLOOR_MS = 2;

export const IMPORT_FORMATS = ["pytest-benchmark", "google-benchmark", "hyperfine"] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];
