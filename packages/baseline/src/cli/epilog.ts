import { DEFAULT_BASELINE_PATH } from "../defaults.ts";

/** The end of `perfgate --help`: exit codes, files, benchmark kinds and the decision, in brief. */
export const EPILOG = `Exit codes:
  0  success; for check/compare: no regression (inconclusive benchmarks are warnings)
  1  check/compare: performance regression detected
  2  unusable input: missing/empty/corrupt/wrong-version baseline, bad config,
     a benchmark that failed, benchmarks on one side only, bad arguments
  130/143/129  stopped by SIGINT/SIGTERM/SIGHUP; every process it started is killed

Files:
  perfgate.config.json                                 benchmarks to run (read)
  ${DEFAULT_BASELINE_PATH}
                                                       baseline: establish/import write it atomically
  metrics/reports/performance_report_<timestamp>.txt   check: human report
  metrics/exports/performance_export_<timestamp>.csv   check: one row per benchmark
  metrics/analysis/regression_check_<timestamp>.json   check: full decision with samples
  $GITHUB_STEP_SUMMARY                                 check/compare: markdown table appended
Nothing existing is overwritten except the --out baseline, and never when a benchmark fails.
All relative paths are resolved against -C DIR (default: the current directory).

Benchmarks (perfgate.config.json): {"harness": "pytest-benchmark"|"go"|"criterion"|
"libtest"|"google-benchmark"|"vitest"|"tinybench"|"benchmarkjs"|"hyperfine"|"jmh"|"json",
"run": "..."} reads each benchmark's own timing from a harness run once per round;
{"name", "command"} times a whole process; {"module"} times exported JS functions.
"setup" (e.g. "npm ci", a per-tree venv with a non-editable install) runs once in each
tree before measuring, in establish and check alike: each tree must run its own code.

Decision: check measures the baseline's commit (or --base) in a temporary git worktree
alternately with this tree (paired mode, the default) and decides on the per-pair ratios:
regressed when a one-sided sign test says "slower" (p < 0.05) AND the whole 95% interval of
the median ratio lies above 1 + threshold (commands: also above --noise-floor-ms). Without
the base commit (--no-paired, a shallow clone that cannot fetch it) it compares with the
stored samples (Mann-Whitney U, bootstrap interval of the ratio of medians) and says so.
unchanged when the interval stays below the limit; inconclusive (a warning) otherwise.
Each --runs round yields samplesPerRun (default 5) samples or pairs per benchmark.`;
