import { writeFile } from "node:fs/promises";
import { z } from "zod";
import type { ItemResult } from "./checklist/types.ts";

export interface ScenarioReport {
  name: string;
  /** The sample workflow file the scenario replayed. */
  workflow?: string;
  passed: boolean;
  durationMs: number;
  items: ItemResult[];
}

/** The --json shape, exactly: `{ scenarios: [{ name, passed, durationMs, items: [{ text, passed, evidence }] }] }`. */
export const ReportSchema = z.strictObject({
  scenarios: z.array(
    z.strictObject({
      name: z.string(),
      workflow: z.string().optional(),
      passed: z.boolean(),
      durationMs: z.number(),
      items: z.array(z.strictObject({ text: z.string(), passed: z.boolean(), evidence: z.string() })),
    }),
  ),
});
export type Report = z.infer<typeof ReportSchema>;

export function buildReport(scenarios: ScenarioReport[]): Report {
  return {
    scenarios: scenarios.map((s) => ({
      name: s.name,
      ...(s.workflow ? { workflow: s.workflow } : {}),
      passed: s.passed,
      durationMs: Math.round(s.durationMs),
      items: s.items.map((i) => ({ text: i.text, passed: i.passed, evidence: i.evidence })),
    })),
  };
}

export const reportPassed = (r: Report) => r.scenarios.length > 0 && r.scenarios.every((s) => s.passed);

export async function writeReport(file: string, report: Report): Promise<void> {
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
}

/** The human table: one row per scenario, then each item with ✓/✗ and its evidence. */
export function formatTable(report: Report): string {
  // Two workflows replay the same scenarios: a row names its workflow when the report has several.
  const several = new Set(report.scenarios.map((s) => s.workflow)).size > 1;
  const label = (s: Report["scenarios"][number]) => (several && s.workflow ? `${s.name} [${s.workflow}]` : s.name);
  const nameW = Math.max(8, ...report.scenarios.map((s) => label(s).length));
  const out: string[] = [];
  out.push(`${"scenario".padEnd(nameW)}  result  time     items`);
  out.push(`${"-".repeat(nameW)}  ------  -------  -----`);
  for (const s of report.scenarios) {
    const ok = s.items.filter((i) => i.passed).length;
    out.push(
      `${label(s).padEnd(nameW)}  ${s.passed ? "PASS  " : "FAIL  "}  ${`${(s.durationMs / 1000).toFixed(1)}s`.padStart(7)}  ${ok}/${s.items.length}`,
    );
  }
  for (const s of report.scenarios) {
    out.push("", `${label(s)}:`);
    for (const i of s.items) {
      out.push(`  ${i.passed ? "✓" : "✗"} ${i.text}`);
      out.push(`      ${i.evidence}`);
    }
  }
  const failed = report.scenarios.flatMap((s) => s.items.filter((i) => !i.passed).map((i) => `${label(s)}: ${i.text}`));
  out.push(
    "",
    failed.length === 0
      ? `All ${report.scenarios.reduce((n, s) => n + s.items.length, 0)} checklist items passed.`
      : `${failed.length} checklist item(s) failed:\n${failed.map((f) => `  ✗ ${f}`).join("\n")}`,
  );
  return out.join("\n");
}
