import type { BaselineFile, BenchmarkResult } from "../schema.ts";
import { summarize } from "../stats/summary.ts";
import { independentSamplesMs } from "./independent.ts";
import type { Provenance } from "./provenance.ts";

/** One imported file: one sample per benchmark (see formats.ts), and what the file says of itself. */
export interface ImportedRun {
  file: string;
  results: BenchmarkResult[];
  provenance?: Provenance | undefined;
}

/**
 * The imported runs, in order, after the runs of `existing` (the file `--append` adds to), as one
 * baseline-format file: one sample per benchmark per run. `fresh` is this machine and checkout,
 * now: what the files do not record falls back to it. The file's own date is the newest run's,
 * its commit and machine the last run's that says; runs of different commits are pooled, with a
 * warning, because such a file no longer describes one commit.
 */
export function mergeRuns(
  runs: ImportedRun[],
  fresh: BaselineFile,
  existing?: BaselineFile,
): { baseline: BaselineFile; warnings: string[] } {
  const samples = new Map<string, { result: BenchmarkResult; ms: number[] }>();
  for (const b of existing?.benchmarks ?? [])
    samples.set(b.name, { result: b, ms: independentSamplesMs(b, existing!.settings) });
  for (const run of runs)
    for (const r of run.results) {
      const entry = samples.get(r.name) ?? { result: r, ms: [] };
      entry.ms.push(...r.samples);
      samples.set(r.name, entry);
    }
  const benchmarks: BenchmarkResult[] = [...samples.values()].map(({ result, ms }) => ({
    ...result,
    unit: "ms",
    samples: ms,
    summary: summarize(ms),
  }));

  const dates = [
    ...(existing ? [existing.createdAt] : []),
    ...runs.map((r) => r.provenance?.createdAt ?? fresh.createdAt),
  ];
  const createdAt = dates.reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a));
  const gits = [...(existing ? [existing.git] : []), ...runs.map((r) => r.provenance?.git ?? fresh.git)];
  let environment = existing?.environment ?? fresh.environment;
  for (const r of runs) environment = { ...environment, ...r.provenance?.environment };

  const warnings: string[] = [];
  const shas = [...new Set(gits.map((g) => g.sha).filter((s): s is string => s !== null))];
  if (shas.length > 1)
    warnings.push(
      `the imported runs were measured at ${shas.length} different commits (${shas.map((s) => s.slice(0, 12)).join(", ")}): their samples are pooled as one side, so a comparison with this file says nothing about one commit; import runs of one commit into one file`,
    );
  const counts = benchmarks.map((b) => b.samples.length);
  if (Math.min(...counts) !== Math.max(...counts))
    warnings.push(
      `the benchmarks have different numbers of runs (${benchmarks.map((b) => `${b.name}: ${b.samples.length}`).join(", ")}): a file that lacks a benchmark adds no run for it`,
    );
  const baseline: BaselineFile = {
    ...fresh,
    createdAt,
    git: gits.at(-1) ?? fresh.git,
    environment,
    settings: { runs: Math.max(...counts), samplesPerRun: 1 },
    benchmarks,
  };
  return { baseline, warnings };
}
