import type { Comparison } from "../compare.ts";
import { analysisJson, type ReportContext, writeReports } from "../report/files.ts";
import { formatDecisionDetails, formatDecisionLine, formatOutcome } from "../report/format.ts";
import { PerfgateError } from "../errors.ts";
import { annotations, appendStepSummary, stepSummaryMarkdown, stepSummaryWarning } from "../report/github.ts";
import { err, inGitHubActions, out, reportError } from "./common.ts";

export interface PresentOptions {
  verbose?: boolean;
  json?: boolean;
  /** Project root to write metrics/{reports,exports,analysis} under; undefined = no report files. */
  reportsRoot?: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * Print a comparison (human or JSON), annotations, step summary and report files; returns the
 * exit code: the verdict's, or 2 when the report files could not be written (a regression stays 1).
 */
export async function presentComparison(c: Comparison, ctx: ReportContext, options: PresentOptions): Promise<number> {
  const env = options.env ?? process.env;
  // With --json, stdout carries only the JSON document; human lines go to stderr.
  const say = options.json ? err : out;
  for (const w of c.warnings) say(`⚠ warning: ${w}`);
  const width = Math.max(8, ...c.decisions.map((d) => d.name.length));
  for (const d of c.decisions) {
    say(formatDecisionLine(d, width));
    if (options.verbose) for (const line of formatDecisionDetails(d)) say(line);
    // A failure's line already holds its reason: under it, what to do.
    else if (d.verdict !== "unchanged" && d.verdict !== "improved" && !d.remedy) say(`    ${d.reason}`);
    if (d.remedy) say(`    remedy: ${d.remedy}`);
  }
  say(formatOutcome(c));
  if (inGitHubActions(env)) for (const a of annotations(c)) say(a);
  const summaryFile = env["GITHUB_STEP_SUMMARY"];
  if (summaryFile) {
    try {
      await appendStepSummary(summaryFile, stepSummaryMarkdown(c, ctx.baselinePath));
    } catch (error) {
      err(`⚠ warning: ${stepSummaryWarning((error as Error).message)}`);
    }
  }
  let reportsError: PerfgateError | undefined;
  if (options.reportsRoot) {
    try {
      const files = await writeReports(options.reportsRoot, c, ctx);
      say(`Reports: ${files.join(", ")}`);
    } catch (error) {
      if (!(error instanceof PerfgateError)) throw error;
      // The verdict above stands; the missing files are said plainly, not as "a bug in perfgate".
      reportsError = error;
      const said = `${error.message}; the verdict above stands, but no report files were written`;
      reportError(new PerfgateError(error.code, said, error.remedy), false, "error", env);
    }
  }
  if (options.json) {
    const doc = analysisJson(c, ctx);
    const error = reportsError && {
      code: reportsError.code,
      message: reportsError.message,
      remedy: reportsError.remedy,
    };
    out(
      JSON.stringify(reportsError ? { ...doc, exitCode: c.exitCode === 1 ? 1 : 2, reportsError: error } : doc, null, 2),
    );
  }
  return reportsError && c.exitCode !== 1 ? 2 : c.exitCode;
}
