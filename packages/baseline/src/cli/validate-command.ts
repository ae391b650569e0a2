import path from "node:path";
import { baselineWarnings, DEFAULT_BASELINE_PATH, loadBaseline } from "../baseline-file.ts";
import { EXIT, err, type GlobalArgs, out, projectRoot } from "./common.ts";

export interface ValidateArgs extends GlobalArgs {
  file?: string;
}

/** Exit 0 only for a readable baseline of the known schema version; errors propagate (exit 2). */
export async function validateCommand(args: ValidateArgs): Promise<number> {
  const root = projectRoot(args);
  const file = path.resolve(root, args.file ?? DEFAULT_BASELINE_PATH);
  const label = args.file ?? DEFAULT_BASELINE_PATH; // as the user wrote it
  const baseline = await loadBaseline(file, label);
  const warnings = baselineWarnings(baseline);
  for (const w of warnings) err(`⚠ warning: ${w}`);
  if (args.json) {
    out(
      JSON.stringify(
        {
          valid: true,
          exitCode: EXIT.ok,
          path: label,
          version: baseline.version,
          createdAt: baseline.createdAt,
          git: baseline.git,
          warnings,
          benchmarks: baseline.benchmarks.map((b) => ({
            name: b.name,
            n: b.summary.n,
            median: b.summary.median,
            unit: b.unit,
          })),
        },
        null,
        2,
      ),
    );
  } else {
    out(
      `valid perfgate baseline ${label}: schema version ${baseline.version}, ${baseline.benchmarks.length} benchmark(s) (${baseline.benchmarks.map((b) => b.name).join(", ")}), created ${baseline.createdAt}, sha ${baseline.git.sha?.slice(0, 12) ?? "unknown"}`,
    );
  }
  return EXIT.ok;
}
