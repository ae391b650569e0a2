import path from "node:path";
import { DEFAULT_BASELINE_PATH, writeBaseline } from "../baseline-file.ts";
import { loadConfig } from "../config.ts";
import { establishBaseline } from "../establish.ts";
import { runSetups } from "../measure/setup.ts";
import { formatMs } from "../report/format.ts";
import { tooFewSamplesWarning } from "../sample-count.ts";
import { annotation } from "../report/github.ts";
import { preflightWrite } from "../write-file.ts";
import { EXIT, err, type GlobalArgs, inGitHubActions, out, parseRuns, projectRoot } from "./common.ts";

export interface EstablishArgs extends GlobalArgs {
  runs?: number;
  out?: string;
  verbose?: boolean;
}

export async function establishCommand(args: EstablishArgs): Promise<number> {
  const root = projectRoot(args);
  const runs = parseRuns(args.runs, 5);
  const config = await loadConfig(root);
  const target = path.resolve(root, args.out ?? DEFAULT_BASELINE_PATH);
  const outLabel = args.out ?? DEFAULT_BASELINE_PATH;
  await preflightWrite(target, "baseline file", outLabel, "--out"); // before measuring, not after
  await runSetups(config, root, "this", (m) => err(`perfgate establish: ${m}`));
  err(
    `perfgate establish: ${config.benchmarks.length} configured benchmark(s), ${runs} run(s) x ${config.samplesPerRun} samples each`,
  );
  const { baseline, failures } = await establishBaseline(config, {
    runs,
    onProgress: args.verbose ? (m) => err(`  ${m}`) : undefined,
  });
  if (failures.length > 0) {
    for (const f of failures) {
      err(`perfgate: error: ${f.message}`);
      err(`  remedy: ${f.remedy}`);
      if (inGitHubActions())
        err(annotation("error", `Benchmark failed: ${f.name}`, `${f.message} (remedy: ${f.remedy})`));
    }
    const unchanged = `no baseline written (${failures.length} benchmark(s) failed); ${path.relative(root, target)} is unchanged`;
    err(`perfgate: ${unchanged}`);
    // The one JSON error shape, with each benchmark's failure beside it.
    const remedy = failures.length === 1 ? failures[0]!.remedy : "see each benchmark's remedy in `failures`";
    if (args.json) out(JSON.stringify({ error: { code: "BENCHMARK_FAILED", message: unchanged, remedy }, failures }));
    return EXIT.unusable;
  }
  await writeBaseline(target, baseline, outLabel, "--out");
  const thin = tooFewSamplesWarning(baseline);
  if (thin) {
    err(`⚠ warning: ${thin}`);
    if (inGitHubActions()) err(annotation("warning", "perfgate", thin));
  }
  const rel = path.relative(root, target) || target;
  if (args.json) {
    out(
      JSON.stringify(
        {
          outcome: "written",
          exitCode: EXIT.ok,
          path: rel,
          benchmarks: baseline.benchmarks.map((b) => ({ name: b.name, summary: b.summary })),
        },
        null,
        2,
      ),
    );
  } else {
    const width = Math.max(9, ...baseline.benchmarks.map((b) => b.name.length));
    for (const b of baseline.benchmarks) {
      out(
        `  ${b.name.padEnd(width)}  n=${String(b.summary.n).padEnd(4)} median ${formatMs(b.summary.median).padStart(11)}  MAD ${formatMs(b.summary.mad)}`,
      );
    }
    out(
      `Baseline written to ${rel}: ${baseline.benchmarks.length} benchmark(s), sha ${baseline.git.sha?.slice(0, 12) ?? "unknown"}, ref ${baseline.git.ref ?? "unknown"}`,
    );
  }
  return EXIT.ok;
}
