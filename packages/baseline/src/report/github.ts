import { constants, promises as fs } from "node:fs";
import type { Comparison } from "../compare.ts";
import { describeProblem, regularFileProblem } from "../read-input.ts";
import { markdownCell, markdownCode, markdownText } from "./markdown.ts";
import { formatChange, formatMs, formatOutcome, formatP, percent, relevantP, SYMBOL } from "./format.ts";

// Workflow-command escaping exactly as @actions/core's command.ts does it: data escapes % CR LF;
// a property also escapes : and , (a bare ":" or "," in a title would end the property or command).
export function escapeData(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

export function annotation(kind: "error" | "warning" | "notice", title: string, message: string): string {
  return `::${kind} title=${escapeProperty(title)}::${escapeData(message)}`;
}

/** `::error` per regressed benchmark, `::warning` per warning and inconclusive benchmark. */
export function annotations(c: Comparison): string[] {
  const out: string[] = [];
  for (const d of c.decisions) {
    if (d.verdict === "regressed") {
      out.push(
        annotation(
          "error",
          `Performance regression: ${d.name}`,
          `${d.name} is ${percent(d.ratio!)} slower than the baseline (${formatChange(d)}), above the ${percent(1 + c.threshold)} threshold`,
        ),
      );
    } else if (d.verdict === "error") {
      out.push(annotation("error", `Benchmark failed: ${d.name}`, d.error ?? d.reason));
    } else if (d.verdict === "inconclusive" || d.verdict === "new" || d.verdict === "missing") {
      out.push(annotation("warning", `Performance ${d.verdict}: ${d.name}`, `${d.name}: ${d.reason}`));
    }
  }
  for (const w of c.warnings) out.push(annotation("warning", "perfgate", w));
  return out;
}

/** Markdown for $GITHUB_STEP_SUMMARY. */
export function stepSummaryMarkdown(c: Comparison, baselineLabel: string): string {
  const icon = c.exitCode === 0 ? "✅" : c.exitCode === 1 ? "❌" : "⚠️";
  const lines = [
    `### ${icon} perfgate: ${markdownText(formatOutcome(c))}`,
    "",
    `Baseline: ${markdownCode(baselineLabel)} · threshold ${percent(1 + c.threshold)}`,
    "",
    "| Benchmark | Verdict | Baseline median | Current median | Change | 95% CI | p |",
    "|---|---|---:|---:|---:|---|---:|",
  ];
  for (const d of c.decisions) {
    const ci = d.ci ? `${percent(d.ci.lo)} .. ${percent(d.ci.hi)}` : "";
    lines.push(
      `| ${markdownCell(d.name)} | ${SYMBOL[d.verdict]} ${d.verdict} | ${d.baseline ? formatMs(d.baseline.median) : ""} | ${d.current ? formatMs(d.current.median) : ""} | ${d.ratio !== undefined ? percent(d.ratio) : ""} | ${ci} | ${formatP(relevantP(d))} |`,
    );
  }
  if (c.warnings.length > 0) {
    lines.push("", "**Warnings**", "");
    for (const w of c.warnings) lines.push(`- ${markdownText(w)}`);
  }
  const notes = c.decisions.filter(
    (d) => d.verdict !== "unchanged" && d.verdict !== "regressed" && d.verdict !== "improved",
  );
  for (const d of notes) lines.push(`- **${markdownText(d.name)}** (${d.verdict}): ${markdownText(d.reason)}`);
  return `${lines.join("\n")}\n\n`;
}

/**
 * Why $GITHUB_STEP_SUMMARY cannot be appended to, when that is known before writing (a directory,
 * a FIFO, a device, a file under a file): for commands that measure first, to warn before minutes
 * of work rather than after. A file that does not exist yet is no problem (appending creates it).
 */
export async function stepSummaryProblem(file: string): Promise<string | undefined> {
  const problem = await regularFileProblem(file);
  return problem && problem.kind !== "missing" ? `${file} ${describeProblem(problem)}` : undefined;
}

/** The one warning for a job summary that could not be written: the verdict stands without it. */
export function stepSummaryWarning(why: string): string {
  return `could not append to GITHUB_STEP_SUMMARY (${why}), so the job summary lacks perfgate's table: point GITHUB_STEP_SUMMARY at a regular file (in GitHub Actions the runner sets it)`;
}

/**
 * Append to $GITHUB_STEP_SUMMARY. Non-blocking open, then only a regular file is written: opening
 * a FIFO for writing would otherwise wait forever for a reader, and a device is not a summary.
 * The stat first is for the message only (an open FIFO without a reader just says ENXIO).
 */
export async function appendStepSummary(file: string, markdown: string): Promise<void> {
  const problem = await stepSummaryProblem(file);
  if (problem) throw new Error(problem);
  const handle = await fs.open(
    file,
    constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NONBLOCK,
  );
  try {
    if (!(await handle.stat()).isFile()) throw new Error(`${file} is not a regular file`);
    await handle.appendFile(markdown);
  } finally {
    await handle.close();
  }
}
