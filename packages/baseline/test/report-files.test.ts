import { describe, expect, it } from "vitest";
import { compareBaselines } from "../src/compare.ts";
import { writeReports } from "../src/report/files.ts";
import { baselineDoc, tempProject } from "./helpers.ts";

// In one process, where no CLI run can make them race: item 12's check-then-write of report names.
describe("report file names", () => {
  it("sixteen writers of the same second in one process get distinct names (check-then-write raced)", async () => {
    const dir = await tempProject({});
    const base = JSON.parse(JSON.stringify(baselineDoc({ quick: [10, 10.2, 9.9, 10.1, 10.05] })));
    const c = compareBaselines(base, base, { threshold: 0.1 });
    const now = new Date("2026-12-01T12:00:00Z");
    const all = await Promise.all(
      Array.from({ length: 16 }, () =>
        writeReports(dir, c, { baselinePath: "a.json", baseline: base, current: base, tool: "t", now }),
      ),
    );
    const files = all.flat();
    expect(new Set(files).size).toBe(48);
    expect(files).toContain("metrics/exports/performance_export_20261201_120000_16.csv");
  });
});
