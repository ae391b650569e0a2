import { z } from "zod";
import { ImportError } from "../errors.ts";
import type { BenchmarkResult } from "../schema.ts";
import { summarize } from "../stats/summary.ts";
import { describeIssue } from "../zod-message.ts";
import { IMPORT_FORMATS, type ImportFormat } from "../defaults.ts";
import { googleProvenance, hyperfineProvenance, type Provenance, pytestProvenance } from "./provenance.ts";

export { IMPORT_FORMATS, type ImportFormat };

export interface ImportedResults {
  results: BenchmarkResult[];
  warnings: string[];
  /** When, where and at which commit the tool measured, as far as its file says. */
  provenance?: Provenance;
}

const UNIT_TO_MS = { ns: 1e-6, us: 1e-3, ms: 1, s: 1000 } as const;

function result(name: string, source: string, samplesMs: number[]): BenchmarkResult {
  return { name, kind: "imported", source, unit: "ms", samples: samplesMs, summary: summarize(samplesMs) };
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
        stats: z.object({ data: z.array(z.number()).optional() }),
      }),
    )
    .min(1),
});

function fromPytest(data: unknown, file: string): ImportedResults {
  const doc = parseShape(
    PytestSchema,
    data,
    "pytest-benchmark",
    file,
    "produce it with `pytest --benchmark-json=FILE --benchmark-save-data`",
  );
  const counts = new Map<string, number>();
  for (const b of doc.benchmarks) counts.set(b.name, (counts.get(b.name) ?? 0) + 1);
  const results = doc.benchmarks.map((b) => {
    const name = (counts.get(b.name) ?? 0) > 1 && b.fullname ? b.fullname : b.name;
    if (!b.stats.data || b.stats.data.length === 0) {
      throw new ImportError(
        "IMPORT_NO_SAMPLES",
        `${file}: benchmark ${name} has no raw timings (stats.data)`,
        "run pytest with --benchmark-save-data so each round's time is kept; perfgate decides on raw samples",
      );
    }
    const ms = b.stats.data.map((s) => s * 1000);
    checkPositive(ms, name, file);
    return result(name, `pytest-benchmark:${b.fullname ?? b.name}`, ms);
  });
  return { results, warnings: [], provenance: pytestProvenance(data) };
}

const GoogleSchema = z.object({
  benchmarks: z
    .array(
      z.object({
        name: z.string(),
        run_name: z.string().optional(),
        run_type: z.enum(["iteration", "aggregate"]).optional(),
        real_time: z.number().optional(),
        time_unit: z.enum(["ns", "us", "ms", "s"]).optional(),
        error_occurred: z.boolean().optional(),
        error_message: z.string().optional(),
      }),
    )
    .min(1),
});

function fromGoogle(data: unknown, file: string): ImportedResults {
  const doc = parseShape(
    GoogleSchema,
    data,
    "google-benchmark",
    file,
    "produce it with `--benchmark_format=json --benchmark_out=FILE --benchmark_repetitions=10`",
  );
  const groups = new Map<string, number[]>();
  for (const b of doc.benchmarks) {
    if (b.run_type === "aggregate") continue; // mean/median/stddev rows are derived, not samples
    const name = b.run_name ?? b.name;
    if (b.error_occurred) {
      throw new ImportError(
        "IMPORT_BENCHMARK_ERROR",
        `${file}: benchmark ${name} reported an error: ${b.error_message ?? "(no message)"}`,
        "fix the benchmark; perfgate never records a failed run as a timing",
      );
    }
    if (b.real_time === undefined)
      throw new ImportError(
        "IMPORT_WRONG_SHAPE",
        `${file}: benchmark ${name} has no real_time`,
        "export with --benchmark_format=json",
      );
    const list = groups.get(name) ?? [];
    list.push(b.real_time * UNIT_TO_MS[b.time_unit ?? "ns"]);
    groups.set(name, list);
  }
  const warnings: string[] = [];
  const results = [...groups].map(([name, ms]) => {
    checkPositive(ms, name, file);
    if (ms.length < 5)
      warnings.push(
        `${name} has only ${ms.length} sample(s); run with --benchmark_repetitions=10 or more so the gate can decide`,
      );
    return result(name, `google-benchmark:${name}`, ms);
  });
  return { results, warnings, provenance: googleProvenance(data) };
}

const HyperfineSchema = z.object({
  results: z
    .array(
      z.object({
        command: z.string(),
        times: z.array(z.number()).optional(),
        exit_codes: z.array(z.number().nullable()).optional(),
      }),
    )
    .min(1),
});

function fromHyperfine(data: unknown, file: string): ImportedResults {
  const doc = parseShape(
    HyperfineSchema,
    data,
    "hyperfine",
    file,
    "produce it with `hyperfine --export-json FILE <commands>`",
  );
  const results = doc.results.map((r) => {
    const name = r.command;
    if (!r.times || r.times.length === 0)
      throw new ImportError(
        "IMPORT_NO_SAMPLES",
        `${file}: command "${name}" has no "times" array`,
        "use hyperfine >= 1.9, which exports every run's time",
      );
    const failed = (r.exit_codes ?? []).filter((c) => c !== 0);
    if (failed.length > 0)
      throw new ImportError(
        "IMPORT_BENCHMARK_ERROR",
        `${file}: command "${name}" failed in ${failed.length} run(s) (exit codes ${[...new Set(failed)].join(", ")})`,
        "fix the command; perfgate never records a failed run as a timing",
      );
    const ms = r.times.map((t) => t * 1000);
    checkPositive(ms, name, file);
    return result(name, `hyperfine:${name}`, ms);
  });
  return { results, warnings: [], provenance: hyperfineProvenance() };
}

/** Turn another tool's JSON output into perfgate benchmark results (milliseconds, raw samples). */
export function importResults(format: ImportFormat, data: unknown, file: string): ImportedResults {
  const imported =
    format === "pytest-benchmark"
      ? fromPytest(data, file)
      : format === "google-benchmark"
        ? fromGoogle(data, file)
        : fromHyperfine(data, file);
  const seen = new Set<string>();
  for (const r of imported.results) {
    if (seen.has(r.name))
      throw new ImportError(
        "IMPORT_DUPLICATE",
        `${file}: benchmark name "${r.name}" appears twice`,
        "give the benchmarks distinct names",
      );
    seen.add(r.name);
  }
  return imported;
}
