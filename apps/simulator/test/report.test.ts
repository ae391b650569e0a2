import { describe, expect, it } from "vitest";
import { buildReport, formatTable, ReportSchema, reportPassed } from "../src/report.ts";

const item = (text: string, passed: boolean, evidence = `evidence of ${text}`) => ({ text, passed, evidence });

describe("report", () => {
  it("has exactly the --json shape, rounding durations", () => {
    const report = buildReport([{ name: "main", passed: true, durationMs: 1234.56, items: [item("a", true)] }]);
    expect(ReportSchema.parse(report)).toEqual({
      scenarios: [{ name: "main", passed: true, durationMs: 1235, items: [item("a", true)] }],
    });
    expect(() => ReportSchema.parse({ scenarios: [{ ...report.scenarios[0], extra: 1 }] })).toThrow();
  });

  it("passes only when every scenario passed, and never when nothing ran", () => {
    expect(reportPassed(buildReport([]))).toBe(false);
    expect(reportPassed(buildReport([{ name: "pr", passed: false, durationMs: 1, items: [item("x", false)] }]))).toBe(
      false,
    );
  });

  it("tables scenarios, then each item with its mark and evidence, then the failures", () => {
    const table = formatTable(
      buildReport([
        { name: "main", passed: true, durationMs: 12_300, items: [item("Artifact uploaded", true, "artifact #7")] },
        {
          name: "regression",
          passed: false,
          durationMs: 9_000,
          items: [item("Names the slowed benchmark", false, "named: none")],
        },
      ]),
    );
    expect(table).toMatch(/^main\s+PASS\s+12\.3s\s+1\/1$/m);
    expect(table).toMatch(/^regression\s+FAIL\s+9\.0s\s+0\/1$/m);
    expect(table).toContain("  ✓ Artifact uploaded\n      artifact #7");
    expect(table).toContain("  ✗ Names the slowed benchmark\n      named: none");
    expect(table).toContain("1 checklist item(s) failed:\n  ✗ regression: Names the slowed benchmark");
  });
});
