import { z } from "zod";
import { ImportError } from "../errors.ts";
import { benchmarkNameProblem, CONTROL_CHARACTER_REASON, controlCharacterProblem } from "../names.ts";
import type { BenchmarkResult } from "../schema.ts";
import { median, summarize } from "../stats/summary.ts";
import { describeIssue } from "../zod-message.ts";
import { IMPORT_FORMATS, type ImportFormat } from "../defaults.ts";
import { googleProvenance, hyperfineProvenance, type Provenance, pytestProvenance } from "./provenance.ts";

export { IMPORT_FORMATS, type ImportFormat };

/**
 * One imported file: per benchmark ONE sample, its median over the file's rounds (pytest-benchmark),
 * repetitions (google-benchmark) or runs (hyperfine). The rounds of one file ran in one process or
 * one sitting and share its state (heap, caches, clock, the machine's load at the time): taken as
 * independent samples, a thousand of them made any difference between two files "significant".
 * Several files (or `import --append`) make several samples.
 */
export interface ImportedResults {
  results: BenchmarkResult[];
  warnings: string[];
  /** When, where and at which commit the tool measured, as far as its file says. */
  provenance?: Provenance;
}

const UNIT_TO_MS = { ns: 1e-6, us: 1e-3, ms: 1, s: 1000 } as const;

/** A converted benchmark, with its name as the tool wrote it (for messages about the input). */
type Converted = BenchmarkResult & { toolName: string };

function result(name: string, toolName: string, source: string, medianMs: number): Converted {
  return { name, toolName, kind: "imported", source, unit: "ms", samples: [medianMs], summary: summarize([medianMs]) };
}

function parseShape<T>(schema: z.ZodType<T>, data: unknown, format: ImportFormat, file: string, how: string): T {
  const r = schema.safeParse(data);
  if (!r.success) {
    throw new ImportError(
      "IMPORT_WRONG_SHAPE",
      `${file} is not ${format} JSON: ${describeIssue(r.error.issues[0]!, data)}`,
      how,
    );
  }
  return r.data;
}

const checkPositive = (values: number[], name: string, file: string) => {
  const bad = values.find((v) => !(Number.isFinite(v) && v > 0));
  if (bad !== undefined)
    throw new ImportError(
      "IMPORT_BAD_SAMPLE",
      `${file}: benchmark ${name} has a non-positive or non-finite timing (${bad})`,
      "re-run the benchmark; perfgate only accepts real durations",
    );
};

const PytestSchema = z.object({
  benchmarks: z
    .array(
      z.object({
        name: z.string(),
        fullname: z.string().optional(),
        stats: z.object({ data: z.array(z.number()).optional(), median: z.number().optional() }),
      }),
    )
    .min(1),
});

function fromPytest(data: unknown, file: string): Converted[] {
  const doc = parseShape(
    PytestSchema,
    data,
    "pytest-benchmark",
    file,
    "produce it with `pytest --benchmark-json=FILE`",
  );
  const counts = new Map<string, number>();
  for (const b of doc.benchmarks) counts.set(b.name, (counts.get(b.name) ?? 0) + 1);
  return doc.benchmarks.map((b) => {
    const name = (counts.get(b.name) ?? 0) > 1 && b.fullname ? b.fullname : b.name;
    // The rounds when the file has them (--benchmark-save-data), else pytest-benchmark's own median.
    const rounds = b.stats.data && b.stats.data.length > 0 ? b.stats.data : undefined;
    if (!rounds && b.stats.median === undefined)
      throw new ImportError(
        "IMPORT_NO_SAMPLES",
        `${file}: benchmark ${name} has neither raw timings (stats.data) nor a median (stats.median)`,
        "export it again with `pytest --benchmark-json=FILE`, which writes stats.median",
      );
    const ms = (rounds ?? [b.stats.median!]).map((s) => s * 1000);
    checkPositive(ms, name, file);
    return result(name, name, `pytest-benchmark:${b.fullname ?? b.name}`, median(ms));
  });
}

const GoogleSchema = z.object({
  benchmarks: z
    .array(
      z.object({
        name: z.string(),
        run_name: z.string().optional(),
        run_type: z.enum(["iteration", "aggregate"]).optional(),
        aggregate_name: z.string().optional(),
        real_time: z.number().optional(),
        time_unit: z.enum(["ns", "us", "ms", "s"]).optional(),
        error_occurred: z.boolean().optional(),
        error_message: z.string().optional(),
      }),
    )
    .min(1),
});

function fromGoogle(data: unknown, file: string): Converted[] {
  const doc = parseShape(
    GoogleSchema,
    data,
    "google-benchmark",
    file,
    "produce it with `--benchmark_format=json --benchmark_out=FILE --benchmark_repetitions=10`",
  );
  // Per-repetition rows when there are any; else the aggregate "median" row google-benchmark wrote.
  const repetitions = new Map<string, number[]>();
  const medians = new Map<string, number>();
  for (const b of doc.benchmarks) {
    const name = b.run_name ?? b.name;
    if (b.error_occurred) {
      throw new ImportError(
        "IMPORT_BENCHMARK_ERROR",
        `${file}: benchmark ${name} reported an error: ${b.error_message ?? "(no message)"}`,
        "fix the benchmark; perfgate never records a failed run as a timing",
      );
    }
    const aggregate = b.run_type === "aggregate";
    if (aggregate && b.aggregate_name !== "median") continue; // mean, stddev, cv: not a time to compare
    if (b.real_time === undefined)
      throw new ImportError(
        "IMPORT_WRONG_SHAPE",
        `${file}: benchmark ${name} has no real_time`,
        "export with --benchmark_format=json",
      );
    const ms = b.real_time * UNIT_TO_MS[b.time_unit ?? "ns"];
    if (aggregate) medians.set(name, ms);
    else repetitions.set(name, [...(repetitions.get(name) ?? []), ms]);
  }
  const names = [...new Set([...repetitions.keys(), ...medians.keys()])];
  if (names.length === 0)
    throw new ImportError(
      "IMPORT_NO_SAMPLES",
      `${file}: google-benchmark JSON holds neither per-repetition timings nor a median row, only other aggregates (mean, stddev)`,
      "run with --benchmark_repetitions=10 (with or without --benchmark_report_aggregates_only: perfgate needs each benchmark's repetitions or their median)",
    );
  return names.map((name) => {
    const ms = repetitions.get(name) ?? [medians.get(name)!];
    checkPositive(ms, name, file);
    return result(name, name, `google-benchmark:${name}`, median(ms));
  });
}

const HyperfineSchema = z.object({
  results: z
    .array(
      z.object({
        command: z.string(),
        times: z.array(z.number()).optional(),
        median: z.number().optional(),
        exit_codes: z.array(z.number().nullable()).optional(),
      }),
    )
    .min(1),
});

function fromHyperfine(data: unknown, file: string): Converted[] {
  const doc = parseShape(
    HyperfineSchema,
    data,
    "hyperfine",
    file,
    "produce it with `hyperfine --export-json FILE <commands>`",
  );
  return doc.results.map((r) => {
    const command = r.command;
    const times = r.times && r.times.length > 0 ? r.times : r.median !== undefined ? [r.median] : undefined;
    if (!times)
      throw new ImportError(
        "IMPORT_NO_SAMPLES",
        `${file}: command "${command}" has no "times" array (nor a "median")`,
        "use hyperfine >= 1.9, which exports every run's time",
      );
    const failed = (r.exit_codes ?? []).filter((c) => c !== 0);
    if (failed.length > 0)
      throw new ImportError(
        "IMPORT_BENCHMARK_ERROR",
        `${file}: command "${command}" failed in ${failed.length} run(s) (exit codes ${[...new Set(failed)].join(", ")})`,
        "fix the command; perfgate never records a failed run as a timing",
      );
    const ms = times.map((t) => t * 1000);
    checkPositive(ms, command, file);
    // The name the hyperfine harness entry `perfgate init` writes gives it (hyperfine's own:
    // the command, or its --command-name), so a measured baseline and an import match.
    return result(command, command, `hyperfine:${command}`, median(ms));
  });
}

/** Turn another tool's JSON output into perfgate benchmark results (milliseconds, one median each). */
export function importResults(format: ImportFormat, data: unknown, file: string): ImportedResults {
  const converted =
    format === "pytest-benchmark"
      ? fromPytest(data, file)
      : format === "google-benchmark"
        ? fromGoogle(data, file)
        : fromHyperfine(data, file);
  const seen = new Map<string, string>();
  const results = converted.map(({ toolName, ...r }) => {
    const unsafe = benchmarkNameProblem(toolName) ?? benchmarkNameProblem(r.name) ?? controlCharacterProblem(r.source);
    if (unsafe)
      throw new ImportError(
        "IMPORT_BAD_NAME",
        `${file}: benchmark name ${JSON.stringify(toolName.slice(0, 60))}${toolName.length > 60 ? "..." : ""} ${unsafe}; ${CONTROL_CHARACTER_REASON}`,
        "rename the benchmark in the tool that wrote the file (one line, no control characters)",
      );
    const first = seen.get(r.name);
    if (first !== undefined)
      throw new ImportError(
        "IMPORT_DUPLICATE",
        first === toolName
          ? `${file}: benchmark name "${r.name}" appears twice`
          : `${file}: "${first}" and "${toolName}" both get the benchmark name "${r.name}"`,
        format === "hyperfine"
          ? "give the commands distinct names (hyperfine --command-name NAME), or import them from separate files"
          : "give the benchmarks distinct names",
      );
    seen.set(r.name, toolName);
    return r;
  });
  const provenance =
    format === "pytest-benchmark"
      ? pytestProvenance(data)
      : format === "google-benchmark"
        ? googleProvenance(data)
        : hyperfineProvenance();
  return { results, warnings: [], provenance };
}
