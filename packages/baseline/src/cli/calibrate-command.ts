import { calibrate, type CalibrationReport, type CalibrationRow } from "../calibrate.ts";
import { loadConfig } from "../config.ts";
import { appendStepSummary, stepSummaryProblem, stepSummaryWarning } from "../report/github.ts";
import { markdownCell, markdownText } from "../report/markdown.ts";
import { EXIT, err, type GlobalArgs, out, parseRuns, parseThreshold, projectRoot } from "./common.ts";

export interface CalibrateArgs extends GlobalArgs {
  runs?: number;
  repeat?: number;
  threshold: number;
  verbose?: boolean;
}

const pct = (f: number) => `${f >= 0 ? "+" : ""}${(f * 100).toFixed(1)}%`;

/** The cells of one benchmark's row, for the table and the job summary alike. */
function cells(r: CalibrationReport, x: CalibrationRow): string[] {
  const plural = x.pairs === 1 ? "pair" : "pairs";
  return [
    x.name,
    x.noise === null ? "n/a" : `±${(x.noise * 100).toFixed(1)}%`,
    summarizeVerdicts(x.verdicts),
    `${x.falseAlarms}/${x.verdicts.length}`,
    x.detectable === null
      ? `nothing (${x.pairs} ${plural} per check, a verdict needs ${r.minPairs})`
      : `≥ ${pct(x.detectable)}`,
    x.runsFor2x === null ? "?" : String(x.runsFor2x),
  ];
}

export function calibrationTable(r: CalibrationReport): string[] {
  const head = [
    "benchmark",
    "noise/pair",
    "A/A verdicts",
    "false alarms",
    "detects",
    `runs for ${pct(2 * r.threshold)}`,
  ];
  const rows = r.rows.map((x) => cells(r, x));
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)];
}

function summarizeVerdicts(verdicts: string[]): string {
  const counts = new Map<string, number>();
  for (const v of verdicts) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].map(([v, n]) => `${n} ${v}`).join(", ");
}

/** The advice under the table: the --runs to use, or to calibrate again with when a row could not be estimated. */
export function calibrationAdvice(r: CalibrationReport): string {
  const thin = r.rows.filter((x) => x.detectable === null);
  if (thin.length === 0)
    return `Recommended: --runs ${r.recommendedRuns} (a slowdown of ${pct(2 * r.threshold)} is then reliably detected).`;
  const names = thin.map((x) => `${x.name} (${x.pairs})`).join(", ");
  return `Run calibrate again with --runs ${r.recommendedRuns} or more: with fewer than ${r.minPairs} pairs per A/A check no paired verdict can call a slowdown, so nothing can be detected and no --runs can be estimated for ${names}.`;
}

export function calibrationMarkdown(r: CalibrationReport): string {
  const rows = r.rows.map((x) => `| ${cells(r, x).map(markdownCell).join(" | ")} |`);
  return [
    "## perfgate calibrate (A/A on this runner)",
    "",
    `${r.repeat} paired check(s) of this tree against itself, ${r.runs} run(s) each, threshold ${pct(r.threshold)}.`,
    "",
    `| benchmark | noise per pair | A/A verdicts | false alarms | detects | runs for ${pct(2 * r.threshold)} |`,
    "|---|---:|---|---:|---:|---:|",
    ...rows,
    "",
    markdownText(calibrationAdvice(r)),
    "",
  ].join("\n");
}

/** `perfgate calibrate`: how trustworthy the gate is on this runner, before making it blocking. */
export async function calibrateCommand(args: CalibrateArgs): Promise<number> {
  const root = projectRoot(args);
  const threshold = parseThreshold(args.threshold);
  const runs = parseRuns(args.runs, 3);
  const repeat = parseRuns(args.repeat, 3, { flag: "--repeat" });
  const config = await loadConfig(root);
  // A summary that cannot be written is said before minutes of measuring, and only once.
  let summaryFile = process.env["GITHUB_STEP_SUMMARY"] || undefined;
  const summaryProblem = summaryFile ? await stepSummaryProblem(summaryFile) : undefined;
  if (summaryProblem) {
    err(`⚠ warning: ${stepSummaryWarning(summaryProblem)}`);
    summaryFile = undefined;
  }
  err(
    `perfgate calibrate: ${repeat} A/A check(s) of this tree against itself, paired, ${runs} run(s) x ${config.samplesPerRun} pairs per benchmark`,
  );
  const report = await calibrate(config, {
    runs,
    repeat,
    threshold,
    onProgress: args.verbose ? (m) => err(`  ${m}`) : (m) => m.startsWith("A/A") && err(`  ${m}`),
  });
  for (const f of report.failures) {
    err(`perfgate: error: ${f.message}`);
    err(`  remedy: ${f.remedy}`);
  }
  if (summaryFile) {
    try {
      await appendStepSummary(summaryFile, calibrationMarkdown(report));
    } catch (error) {
      err(`⚠ warning: ${stepSummaryWarning((error as Error).message)}`);
    }
  }
  if (args.json) {
    out(JSON.stringify({ outcome: report.failures.length ? "unusable" : "calibrated", ...report }, null, 2));
  } else {
    for (const l of calibrationTable(report)) out(l);
    const alarms = report.rows.reduce((n, r) => n + r.falseAlarms, 0);
    const checks = report.rows.reduce((n, r) => n + r.verdicts.length, 0);
    out("");
    out(
      `${alarms} false alarm(s) in ${checks} benchmark-checks of identical code. "detects" is the smallest slowdown the gate reliably fails at --threshold ${args.threshold} and --runs ${runs}.`,
    );
    out(calibrationAdvice(report));
  }
  return report.failures.length > 0 ? EXIT.unusable : EXIT.ok;
}
