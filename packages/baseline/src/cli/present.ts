import type { Comparison } from "../compare.ts";
import { analysisJson, type ReportContext, writeReports } from "../report/files.ts";
import { formatDecisionDetails, formatDecisionLine, formatOutcome } from "../report/format.ts";
import { annotations, appendStepSummary, stepSummaryMarkdown } from "../report/github.ts";
import { err, inGitHubActions, out } from "./common.ts";

export interface PresentOptions {
  verbose?: boolean;
  json?: boolean;
  /** Project root to write metrics/{reports,exports,analysis} under; undefined = no report files. */
  reportsRoot?: string;
  env?: NodeJS.ProcessEnv;
}

/** Print a comparison (human or JSON), annotations, step summary and report files. */
export async function presentComparison(c: Comparison, ctx: ReportContext, options: PresentOptions): Promise<void> {
  const env = options.env ?? process.env;
  // With --json, stdout carries only the JSON document; human lines go to stderr.
  const say = options.json ? err : out;
  for (const w of c.warnings) say(`⚠ warning: ${w}`);
  const width = Math.max(8, ...c.decisions.map((d) => d.name.length));
  for (const d of c.decisions) {
    say(formatDecisionLine(d, width));
    if (options.verbose) for (const line of formatDecisionDetails(d)) say(line);
    else if (d.verdict !== "unchanged" && d.verdict !== "improved") say(`    ${d.reason}`);
  }
  say(formatOutcome(c));
  if (inGitHubActions(env)) for (const a of annotations(c)) say(a);
  const summaryFile = env["GITHUB_STEP_SUMMARY"];
  if (summaryFile) {
    try {
      await appendStepSummary(summaryFile, stepSummaryMarkdown(c, ctx.baselinePath));
    } catch (error) {
      err(`⚠ warning: could not append to GITHUB_STEP_SUMMARY (${(error as Error).message})`);
    }
  }
  if (options.reportsRoot) {
    const files = await writeReports(options.reportsRoot, c, ctx);
    say(`Reports: ${files.join(", ")}`);
  }
  if (options.json) out(JSON.stringify(analysisJson(c, ctx), null, 2));
}
