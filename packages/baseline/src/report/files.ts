import { promises as fs } from "node:fs";
import path from "node:path";
import type { Comparison } from "../compare.ts";
import type { BaselineFile } from "../schema.ts";
import { OutputError } from "../errors.ts";
import { outputError, preflightWrite } from "../write-file.ts";
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
    // Paired (the base commit measured in this job) or stored (the baseline's samples), and why.
    ...(c.mode ? { mode: c.mode } : {}),
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

/**
 * One CSV field. A text cell a spreadsheet would run as a formula (starting with = + - @, a tab
 * or a carriage return, also after leading spaces) gets a leading apostrophe, as OWASP's CSV
 * injection advice says: a benchmark name such as `=HYPERLINK(...)` comes from files anyone can
 * edit. Numbers are written as they are (a negative one is not a formula). Then RFC 4180 quoting.
 */
export function csvField(v: unknown): string {
  let s = v === undefined || v === null ? "" : String(v);
  if (typeof v === "string" && /^[ ]*[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
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

/**
 * Create `<stem>[_<i>]<ext>` in `dir` with O_EXCL, taking the next suffix when another perfgate
 * got there first: checking, then writing (as before) let two parallel runs pick the same name.
 * Returns the path and the suffix used.
 */
async function createFresh(
  dir: string,
  stem: string,
  ext: string,
  content: string,
  from: number,
  root: string,
): Promise<{ file: string; index: number }> {
  for (let i = from; i < from + 10_000; i++) {
    const file = path.join(dir, `${stem}${i === 1 ? "" : `_${i}`}${ext}`);
    let handle: fs.FileHandle;
    try {
      handle = await fs.open(file, "wx");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") continue;
      throw outputError(error, "report file", path.relative(root, file));
    }
    try {
      await handle.writeFile(content);
    } catch (error) {
      await handle.close().catch(() => {});
      await fs.rm(file, { force: true }).catch(() => {});
      throw outputError(error, "report file", path.relative(root, file));
    }
    await handle.close();
    return { file, index: i };
  }
  throw outputError(new Error("10000 report files of this second exist"), "report file", path.join(dir, stem));
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
  const madeDirs: { top: string; deepest: string }[] = []; // folders this run created
  let index = 1; // the three files of one run share a suffix unless another run holds it
  for (const [dir, stem, ext, content] of targets) {
    const abs = path.join(root, dir);
    let created: { file: string; index: number };
    try {
      const made = await fs.mkdir(abs, { recursive: true }).catch((error) => {
        throw outputError(error, "report folder", dir);
      });
      if (made) madeDirs.push({ top: made, deepest: abs });
      created = await createFresh(abs, stem, ext, content, index, root);
    } catch (error) {
      await undoReports(root, written, madeDirs);
      throw withReportsRemedy(error);
    }
    index = created.index;
    written.push(path.relative(root, created.file));
  }
  return written;
}

/**
 * All three report files or none: remove the ones this run wrote, then the folders it made for
 * them (only while empty: another run may be writing there too).
 */
async function undoReports(root: string, written: string[], madeDirs: { top: string; deepest: string }[]) {
  for (const f of written) await fs.rm(path.join(root, f), { force: true });
  for (const { top, deepest } of madeDirs.reverse()) {
    for (let d = deepest; d.startsWith(top); d = path.dirname(d)) {
      const removed = await fs.rmdir(d).then(
        () => true,
        () => false,
      );
      if (!removed) break;
    }
  }
}

function withReportsRemedy(error: unknown): unknown {
  if (!(error instanceof OutputError)) return error;
  return new OutputError(error.code, error.message, `${error.remedy}; or pass --no-reports to skip the report files`, {
    cause: error,
  });
}

/** Can the report folders be created and written? Checked before measuring, not after. */
export async function preflightReports(root: string): Promise<void> {
  for (const dir of Object.values(REPORT_DIRS)) {
    try {
      await preflightWrite(path.join(root, dir, "x"), "report folder", dir);
    } catch (error) {
      throw withReportsRemedy(error);
    }
  }
}
