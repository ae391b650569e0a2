import { promises as fs } from "node:fs";
import path from "node:path";
import type { Comparison } from "../compare.ts";
import type { BaselineFile } from "../schema.ts";
import { formatDecisionDetails, formatDecisionLine, formatOutcome, percent } from "./format.ts";

/** Where the seed's workflow uploads reports from (`performance-regression-results`). */
export const REPORT_DIRS = {
  reports: "metrics/reports",
  exports: "metrics/exports",
  analysis: "metrics/analysis",
} as const;

export interface ReportContext {
  baselinePath: string;
  baseline: BaselineFile;
  current: BaselineFile;
  tool: string;
  now?: Date;
}

export function timestamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}_${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
}

/** The JSON document of a comparison (also what `--json` prints). */
export function analysisJson(c: Comparison, ctx: ReportContext) {
  return {
    tool: ctx.tool,
    createdAt: (ctx.now ?? new Date()).toISOString(),
    outcome: c.exitCode === 1 ? "regression" : c.exitCode === 2 ? "unusable" : "pass",
    exitCode: c.exitCode,
    message: formatOutcome(c),
    threshold: c.threshold,
    baseline: {
      path: ctx.baselinePath,
      createdAt: ctx.baseline.createdAt,
      git: ctx.baseline.git,
      environment: ctx.baseline.environment,
    },
    current: { createdAt: ctx.current.createdAt, git: ctx.current.git, environment: ctx.current.environment },
    regressed: c.regressed,
    counts: c.counts,
    warnings: c.warnings,
    benchmarks: c.decisions,
  };
}

export function textReport(c: Comparison, ctx: ReportContext): string {
  const width = Math.max(8, ...c.decisions.map((d) => d.name.length));
  const lines = [
    "perfgate performance report",
    `created:   ${(ctx.now ?? new Date()).toISOString()}`,
    `baseline:  ${ctx.baselinePath} (created ${ctx.baseline.createdAt}, sha ${ctx.baseline.git.sha ?? "unknown"}, ref ${ctx.baseline.git.ref ?? "unknown"})`,
    `current:   sha ${ctx.current.git.sha ?? "unknown"}, ref ${ctx.current.git.ref ?? "unknown"}`,
    `threshold: ${percent(1 + c.threshold)}`,
    "",
  ];
  for (const w of c.warnings) lines.push(`warning: ${w}`);
  if (c.warnings.length) lines.push("");
  for (const d of c.decisions) lines.push(formatDecisionLine(d, width), ...formatDecisionDetails(d));
  lines.push("", formatOutcome(c));
  return `${lines.join("\n")}\n`;
}

function csvField(v: unknown): string {
  const s = v === undefined || v === null ? "" : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvExport(c: Comparison): string {
  const header = [
    "benchmark",
    "verdict",
    "baseline_median_ms",
    "current_median_ms",
    "ratio",
    "ci_low",
    "ci_high",
    "p_slower",
    "p_faster",
    "n_baseline",
    "n_current",
    "reason",
  ];
  const rows = c.decisions.map((d) =>
    [
      d.name,
      d.verdict,
      d.baseline?.median,
      d.current?.median,
      d.ratio,
      d.ci?.lo,
      d.ci?.hi,
      d.pSlower,
      d.pFaster,
      d.baseline?.n,
      d.current?.n,
      d.reason,
    ]
      .map(csvField)
      .join(","),
  );
  return `${[header.join(","), ...rows].join("\n")}\n`;
}

/** A path that does not exist yet: reports never overwrite each other. */
async function freshPath(dir: string, stem: string, ext: string): Promise<string> {
  for (let i = 1; ; i++) {
    const candidate = path.join(dir, `${stem}${i === 1 ? "" : `_${i}`}${ext}`);
    try {
      await fs.access(candidate);
    } catch {
      return candidate;
    }
  }
}

/** Write the three report files under `root`; returns their paths. */
export async function writeReports(root: string, c: Comparison, ctx: ReportContext): Promise<string[]> {
  const stamp = timestamp(ctx.now ?? new Date());
  const targets: Array<[string, string, string, string]> = [
    [REPORT_DIRS.reports, `performance_report_${stamp}`, ".txt", textReport(c, ctx)],
    [REPORT_DIRS.exports, `performance_export_${stamp}`, ".csv", csvExport(c)],
    [REPORT_DIRS.analysis, `regression_check_${stamp}`, ".json", `${JSON.stringify(analysisJson(c, ctx), null, 2)}\n`],
  ];
  const written: string[] = [];
  for (const [dir, stem, ext, content] of targets) {
    const abs = path.join(root, dir);
    await fs.mkdir(abs, { recursive: true });
    const file = await freshPath(abs, stem, ext);
    await fs.writeFile(file, content, { flag: "wx" });
    written.push(path.relative(root, file));
  }
  return written;
}
