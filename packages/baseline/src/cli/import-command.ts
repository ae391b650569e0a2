import path from "node:path";
import { loadBaseline, validateBaseline, writeBaseline } from "../baseline-file.ts";
import { BaselineFileError, ImportError } from "../errors.ts";
import { buildBaseline } from "../establish.ts";
import { type ImportFormat, importResults } from "../import/formats.ts";
import { type ImportedRun, mergeRuns } from "../import/runs.ts";
import { parseJson } from "../json-text.ts";
import { describeProblem, MAX_INPUT_ENV, readInputText, regularFileProblem } from "../read-input.ts";
import { MIN_SAMPLES } from "../sample-count.ts";
import type { BaselineFile } from "../schema.ts";
import { EXIT, err, type GlobalArgs, out, projectRoot } from "./common.ts";

export interface ImportArgs extends GlobalArgs {
  format: ImportFormat;
  /** One or more files the tool wrote: each is one run, one sample per benchmark. */
  files: string[];
  out: string;
  /** Add the files' runs to the imported file at `out` instead of replacing it. */
  append?: boolean;
}

function describeFallback(missing: string[]): string {
  const parts = [];
  if (missing.some((m) => /date/.test(m))) parts.push("the time");
  if (missing.some((m) => /commit/.test(m))) parts.push("the git commit");
  if (missing.some((m) => /machine|num_cpus/.test(m))) parts.push("the machine");
  return parts.join(", ") || "some fields";
}

/** One file the tool wrote, converted; every problem blames that file. */
async function readRun(root: string, file: string, format: ImportFormat): Promise<ImportedRun> {
  const read = await readInputText(path.resolve(root, file));
  if (!read.ok)
    throw new ImportError(
      read.problem.kind === "too-large" ? "IMPORT_TOO_LARGE" : "IMPORT_UNREADABLE",
      `${file} ${describeProblem(read.problem)}`,
      read.problem.kind === "too-large"
        ? `check it is the file ${format} wrote; to read a larger one set ${MAX_INPUT_ENV}=<bytes>`
        : `pass the JSON file ${format} wrote (a plain file, not a pipe or device)`,
    );
  if (read.text.trim() === "")
    throw new ImportError(
      "IMPORT_EMPTY",
      `${file} is empty (${Buffer.byteLength(read.text)} bytes)`,
      `re-run ${format} and export its JSON again`,
    );
  const parsed = parseJson(read.text);
  if (!parsed.ok)
    throw new ImportError(
      "IMPORT_NOT_JSON",
      `${file} ${parsed.problem.message}`,
      `re-run ${format} and export its JSON again`,
    );
  const imported = importResults(format, parsed.value, file);
  if (imported.results.length === 0)
    throw new ImportError(
      "IMPORT_NO_SAMPLES",
      `${file}: no benchmark with timings found in this ${format} JSON`,
      `re-run ${format} so it exports each benchmark's timings`,
    );
  return { file, results: imported.results, provenance: imported.provenance };
}

/** The imported file `--append` adds to: none yet is fine; anything but an import of `format` is refused. */
async function appendTarget(target: string, label: string, format: ImportFormat): Promise<BaselineFile | undefined> {
  if ((await regularFileProblem(target))?.kind === "missing") return undefined;
  const keep = `--out another file, or drop --append to replace ${label}`;
  let existing: BaselineFile;
  try {
    existing = await loadBaseline(target, label);
  } catch (error) {
    if (!(error instanceof BaselineFileError)) throw error;
    throw new ImportError("IMPORT_APPEND_UNUSABLE", `--append: ${error.message}`, keep);
  }
  const foreign = existing.benchmarks.find((b) => b.kind !== "imported" || !b.source.startsWith(`${format}:`));
  if (foreign)
    throw new ImportError(
      "IMPORT_APPEND_MISMATCH",
      `--append adds ${format} runs to a file imported from ${format}, but ${label} holds ${foreign.kind === "imported" ? `${foreign.source.split(":")[0]} results` : `benchmarks perfgate measured (${foreign.name} is a ${foreign.kind} benchmark)`}`,
      keep,
    );
  return existing;
}

export async function importCommand(args: ImportArgs): Promise<number> {
  const root = projectRoot(args);
  // Every file is read and converted before anything is written: one bad file writes nothing.
  const runs: ImportedRun[] = [];
  for (const file of args.files) runs.push(await readRun(root, file, args.format));
  const target = path.resolve(root, args.out);
  const existing = args.append ? await appendTarget(target, args.out, args.format) : undefined;
  const fresh = buildBaseline([], { runs: 1, samplesPerRun: 1 }, { root });
  const merged = mergeRuns(runs, fresh, existing);
  // Whatever is wrong with the converted results is the input's fault: say so, naming the input.
  let baseline: BaselineFile;
  try {
    baseline = validateBaseline(merged.baseline, `converted from ${args.files.join(", ")}`);
  } catch (error) {
    if (!(error instanceof BaselineFileError)) throw error;
    throw new ImportError("IMPORT_INVALID", error.message, `fix ${args.files.join(", ")} or re-run ${args.format}`);
  }
  const missing = [...new Set(runs.flatMap((r) => r.provenance?.missing ?? []))];
  const warnings = [...merged.warnings];
  if (missing.length > 0)
    warnings.push(
      `${args.format}'s file does not record ${missing.join(", ")}; the baseline takes ${describeFallback(missing)} from this import, so --max-age and the other-machine warning refer to it, not to the measurement`,
    );
  const thin = baseline.benchmarks.filter((b) => b.samples.length < MIN_SAMPLES.stored);
  if (thin.length > 0)
    warnings.push(
      `each imported file is one independent sample per benchmark (its rounds ran in one process, under one machine state), and a comparison needs at least ${MIN_SAMPLES.stored} a side (${MIN_SAMPLES.paired} for compare --paired); ${thin.map((b) => `${b.name} has ${b.samples.length}`).join(", ")}: import more runs of ${args.format}, several files at once or one by one with --append (perfgate import --format ${args.format} FILE --out ${args.out} --append)`,
    );
  await writeBaseline(target, baseline, args.out, "--out");
  for (const w of warnings) err(`⚠ warning: ${w}`);
  const rel = path.relative(root, target) || target;
  const names = baseline.benchmarks.map((b) => b.name);
  if (args.json)
    out(
      JSON.stringify(
        {
          outcome: "written",
          exitCode: EXIT.ok,
          path: rel,
          benchmarks: names,
          runs: Object.fromEntries(baseline.benchmarks.map((b) => [b.name, b.samples.length])),
          warnings,
        },
        null,
        2,
      ),
    );
  else out(`Imported ${names.length} benchmark(s) from ${args.format} into ${rel}`);
  return EXIT.ok;
}
