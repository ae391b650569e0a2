import { promises as fs } from "node:fs";
import path from "node:path";
import { writeBaseline } from "../baseline-file.ts";
import { ImportError } from "../errors.ts";
import { buildBaseline } from "../establish.ts";
import { type ImportFormat, importResults } from "../import/formats.ts";
import type { Provenance } from "../import/provenance.ts";
import { parseJson } from "../json-text.ts";
import type { BaselineFile } from "../schema.ts";
import { EXIT, err, type GlobalArgs, out, projectRoot } from "./common.ts";

export interface ImportArgs extends GlobalArgs {
  format: ImportFormat;
  file: string;
  out: string;
}

/** The file's own date, commit and machine replace the importer's where the file has them. */
function withProvenance(b: BaselineFile, p: Provenance | undefined): BaselineFile {
  if (!p) return b;
  return {
    ...b,
    ...(p.createdAt ? { createdAt: p.createdAt } : {}),
    ...(p.git ? { git: p.git } : {}),
    environment: { ...b.environment, ...p.environment },
  };
}

function describeFallback(missing: string[]): string {
  const parts = [];
  if (missing.some((m) => /date/.test(m))) parts.push("the time");
  if (missing.some((m) => /commit/.test(m))) parts.push("the git commit");
  if (missing.some((m) => /machine|num_cpus/.test(m))) parts.push("the machine");
  return parts.join(", ") || "some fields";
}

export async function importCommand(args: ImportArgs): Promise<number> {
  const root = projectRoot(args);
  const source = path.resolve(root, args.file);
  let text: string;
  try {
    text = await fs.readFile(source, "utf8");
  } catch (error) {
    throw new ImportError(
      "IMPORT_UNREADABLE",
      `${args.file} cannot be read (${(error as NodeJS.ErrnoException).code ?? error})`,
      `pass the JSON file ${args.format} wrote`,
    );
  }
  if (text.trim() === "")
    throw new ImportError(
      "IMPORT_EMPTY",
      `${args.file} is empty (${Buffer.byteLength(text)} bytes)`,
      `re-run ${args.format} and export its JSON again`,
    );
  const parsed = parseJson(text);
  if (!parsed.ok)
    throw new ImportError(
      "IMPORT_NOT_JSON",
      `${args.file} ${parsed.problem.message}`,
      `re-run ${args.format} and export its JSON again`,
    );
  const imported = importResults(args.format, parsed.value, args.file);
  for (const w of imported.warnings) err(`⚠ warning: ${w}`);
  const maxN = Math.max(...imported.results.map((r) => r.samples.length));
  const measured = buildBaseline(imported.results, { runs: 1, samplesPerRun: maxN }, { root });
  const baseline = withProvenance(measured, imported.provenance);
  const missing = imported.provenance?.missing ?? [];
  if (missing.length > 0) {
    err(
      `⚠ warning: ${args.format}'s file does not record ${missing.join(", ")}; the baseline takes ${describeFallback(missing)} from this import, so --max-age and the other-machine warning refer to it, not to the measurement`,
    );
  }
  const target = path.resolve(root, args.out);
  await writeBaseline(target, baseline);
  const rel = path.relative(root, target) || target;
  if (args.json)
    out(
      JSON.stringify(
        {
          outcome: "written",
          exitCode: EXIT.ok,
          path: rel,
          benchmarks: imported.results.map((r) => r.name),
          warnings: imported.warnings,
        },
        null,
        2,
      ),
    );
  else out(`Imported ${imported.results.length} benchmark(s) from ${args.format} into ${rel}`);
  return EXIT.ok;
}
