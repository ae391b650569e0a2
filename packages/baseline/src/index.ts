// Public API of @perfgate/baseline: the pieces the `perfgate` CLI is made of.
export { DEFAULT_BASELINE_PATH, loadBaseline, validateBaseline, writeBaseline } from "./baseline-file.ts";
export {
  type CompareOptions,
  type Comparison,
  type ComparisonMode,
  compareBaselines,
  formatAge,
  machineSpeedChange,
} from "./compare.ts";
export { CONFIG_FILES, loadConfig, parseConfig } from "./config.ts";
export {
  type BenchmarkDecision,
  type DecisionOptions,
  DEFAULT_ALPHA,
  DEFAULT_CONFIDENCE,
  decideBenchmark,
  type Verdict,
} from "./decide.ts";
export { BaselineFileError, ConfigError, ImportError, MeasureError, PerfgateError, UsageError } from "./errors.ts";
export { buildBaseline, establishBaseline } from "./establish.ts";
export { currentFingerprint, fingerprintBucket, fingerprintDifferences } from "./fingerprint.ts";
export { gitInfo } from "./git-info.ts";
export { IMPORT_FORMATS, type ImportFormat, importResults } from "./import/formats.ts";
export { timeCommandOnce } from "./measure/command.ts";
export { measureFunctionRun, resolveModuleFunctions } from "./measure/module.ts";
export { type BenchmarkFailure, type MeasureOutcome, measureBenchmarks } from "./measure/run.ts";
export { type BaseCheckout, type BaseTree, checkoutBase } from "./paired/base-tree.ts";
export { decidePairedBenchmark } from "./paired/decide-paired.ts";
export { measurePaired, type PairedOutcome, type PairedSamples } from "./paired/measure-paired.ts";
export { type CalibrationReport, type CalibrationRow, calibrate } from "./calibrate.ts";
export { analysisJson, csvExport, textReport, writeReports } from "./report/files.ts";
export { annotations, stepSummaryMarkdown } from "./report/github.ts";
export {
  type BaselineFile,
  BaselineFileSchema,
  type BenchmarkResult,
  type Config,
  type Fingerprint,
  SCHEMA_ID,
  SCHEMA_VERSION,
} from "./schema.ts";
export { bootstrapRatioOfMedians, type RatioInterval } from "./stats/bootstrap.ts";
export { EXACT_MAX_N, exactUDistribution, type MannWhitneyResult, mannWhitneyU } from "./stats/mann-whitney.ts";
export { bootstrapMedianInterval, type MedianInterval, type MedianIntervalOptions } from "./stats/median-interval.ts";
export {
  binomialHalfCdf,
  type SignMedianInterval,
  type SignTestResult,
  signMedianInterval,
  signTest,
} from "./stats/sign-interval.ts";
export { mad, mean, median, stddev, type Summary, summarize } from "./stats/summary.ts";
export {
  exactSignedRankDistribution,
  WILCOXON_EXACT_MAX_N,
  type WilcoxonResult,
  wilcoxonSignedRank,
} from "./stats/wilcoxon.ts";
export { PERFGATE_VERSION } from "./version.ts";
