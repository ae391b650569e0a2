import { z } from "zod";
import { COMMIT_ID } from "./git-info.ts";
import { HARNESS_IDS } from "./harness/types.ts";

/** The only baseline schema version this perfgate reads and writes. */
export const SCHEMA_VERSION = 1;
export const SCHEMA_ID = "perfgate-baseline";

const positiveSample = z
  .number({ error: "must be a number of milliseconds" })
  .refine((v) => Number.isFinite(v) && v > 0, {
    error: "must be a positive, finite duration (NaN, zero and negative timings are not measurements)",
  });

export const SummarySchema = z.object({
  n: z.number().int().positive(),
  median: z.number(),
  mean: z.number(),
  stddev: z.number(),
  mad: z.number(),
  min: z.number(),
  max: z.number(),
});

export const UnitSchema = z.enum(["ns", "us", "ms", "s"]);
export type Unit = z.infer<typeof UnitSchema>;

export const BenchmarkResultSchema = z.object({
  name: z.string().min(1),
  kind: z.enum(["command", "module", "imported", "harness"]),
  /** What was measured: the shell command, `module#export`, or `<tool>:<file>`. */
  source: z.string(),
  unit: UnitSchema,
  samples: z.array(positiveSample).min(1, { error: "needs at least one sample" }),
  summary: SummarySchema,
});
export type BenchmarkResult = z.infer<typeof BenchmarkResultSchema>;

export const FingerprintSchema = z.object({
  os: z.string(),
  osRelease: z.string(),
  arch: z.string(),
  cpuModel: z.string(),
  cores: z.number().int().nonnegative(),
  nodeVersion: z.string(),
  runnerName: z.string().nullable(),
  runnerLabel: z.string().nullable(),
});
export type Fingerprint = z.infer<typeof FingerprintSchema>;

export const BaselineFileSchema = z
  .object({
    schema: z.literal(SCHEMA_ID),
    version: z.literal(SCHEMA_VERSION),
    createdAt: z.iso.datetime({ offset: true }),
    tool: z.string(),
    git: z.object({
      // Paired mode checks this commit out: anything but a commit id (an option, a refspec,
      // HEAD) could run a command, move a branch or name the PR itself.
      sha: z
        .string()
        .regex(COMMIT_ID, {
          error: "is not a commit id (40 or 64 hexadecimal characters)",
        })
        .nullable(),
      ref: z.string().nullable(),
    }),
    environment: FingerprintSchema,
    settings: z.object({
      runs: z.number().int().positive(),
      samplesPerRun: z.number().int().positive(),
    }),
    benchmarks: z.array(BenchmarkResultSchema),
    /** Timings (ms) of a fixed CPU loop measured in every run: how fast this machine was at the time. */
    calibration: z.array(positiveSample).optional(),
  })
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.benchmarks.forEach((b, i) => {
      if (seen.has(b.name))
        ctx.addIssue({
          code: "custom",
          path: ["benchmarks", i, "name"],
          message: `duplicate benchmark name "${b.name}"`,
        });
      seen.add(b.name);
    });
  });
export type BaselineFile = z.infer<typeof BaselineFileSchema>;

// ---- perfgate.config.json ----

const benchmarkName = z
  .string()
  .min(1)
  .regex(/^[^\s,:]+$/, { error: "must be non-empty without spaces, commas or colons (it appears in CI annotations)" });

export const CommandBenchmarkSchema = z.strictObject({
  name: benchmarkName,
  command: z.string().min(1),
  /** Working directory, relative to the project root. */
  cwd: z.string().optional(),
  env: z.record(z.string(), z.string()).optional(),
  /** Untimed executions before each run's timed ones. */
  warmup: z.number().int().nonnegative().optional(),
  timeoutMs: z.number().int().positive().optional(),
});
export type CommandBenchmark = z.infer<typeof CommandBenchmarkSchema>;

export const ModuleBenchmarkSchema = z.strictObject({
  /** Benchmark name; with no `export`, a prefix for each exported function (`name/export`). */
  name: benchmarkName.optional(),
  /** JS module path relative to the project root (ESM .js/.mjs, or CommonJS .cjs). */
  module: z.string().min(1),
  /** Exported function to measure; omitted = every exported function. */
  export: z.string().min(1).optional(),
  /** tinybench time budget per run, in ms. */
  timeMs: z.number().positive().optional(),
  /** A measurement of this benchmark that takes longer is stopped and fails (an endless loop, a hung promise). */
  timeoutMs: z.number().int().positive().optional(),
});
export type ModuleBenchmark = z.infer<typeof ModuleBenchmarkSchema>;

export const HarnessBenchmarkSchema = z.strictObject({
  /** Which harness prints the results: perfgate adds its output and time-budget flags to `run`. */
  harness: z.enum(HARNESS_IDS, { error: `must be one of ${HARNESS_IDS.join(", ")}` }),
  /** The shell command that runs the harness's benchmarks, e.g. `python -m pytest bench/`. */
  run: z.string().min(1),
  /** A prefix for the names of this entry's benchmarks (`name/benchmark`). */
  name: benchmarkName.optional(),
  /** Working directory, relative to the project root. */
  cwd: z.string().optional(),
  env: z.record(z.string(), z.string()).optional(),
  /** A shell command run once in each tree before measuring (e.g. building the harness's binary). */
  setup: z.string().min(1).optional(),
  /** A round of the harness that takes longer is stopped and fails. */
  timeoutMs: z.number().int().positive().optional(),
});
export type HarnessBenchmark = z.infer<typeof HarnessBenchmarkSchema>;

export const ConfigSchema = z.strictObject({
  $schema: z.string().optional(),
  /** Timed samples each run yields per benchmark (see README: why several). */
  samplesPerRun: z.number().int().min(1).max(1000).optional(),
  /** Default warm-up executions per run for command benchmarks. */
  warmup: z.number().int().nonnegative().optional(),
  /** Default tinybench time budget per run for module benchmarks, in ms. */
  moduleTimeMs: z.number().positive().optional(),
  /** Default timeout per command execution, in ms. */
  timeoutMs: z.number().int().positive().optional(),
  /**
   * A shell command run once in each tree (the base commit's worktree and this one) before
   * measuring, by establish and check alike, e.g. `npm ci`: each tree must run its own code.
   */
  setup: z.string().min(1).optional(),
  benchmarks: z.array(z.unknown()).min(1, { error: "lists no benchmarks" }),
});

export type BenchmarkSpec =
  | ({ kind: "command" } & CommandBenchmark)
  | ({ kind: "module" } & ModuleBenchmark)
  | ({ kind: "harness" } & HarnessBenchmark);

export interface Config {
  samplesPerRun: number;
  warmup: number;
  moduleTimeMs: number;
  timeoutMs: number;
  setup?: string;
  benchmarks: BenchmarkSpec[];
  /** Absolute project root the config came from. */
  root: string;
  file: string;
}

// A hung benchmark must fail well inside a CI job's time: two minutes per sample or harness round.
export const CONFIG_DEFAULTS = { samplesPerRun: 5, warmup: 1, moduleTimeMs: 250, timeoutMs: 120_000 } as const;

/** A `setup` (dependency installs, builds) may take longer than a sample; it is bounded too. */
export const SETUP_TIMEOUT_MS = 900_000;
