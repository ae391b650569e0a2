import { promises as fs } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { baselineDoc, removeTempProjects, tempProject } from "../helpers.ts";
import { expectOutcome } from "./harness.ts";

// Benchmark names come from files anyone can edit (an imported tool's JSON, a baseline). The job
// summary escaped only `|`: `<img src=x onerror=...>`, backticks and `[x](javascript:...)` reached
// GitHub's Markdown as markup. The CSV export kept `=HYPERLINK(...)`, a formula to a spreadsheet.
const HOSTILE = [
  "<img src=x onerror=alert(1)>",
  "`code` and ``two``",
  "[click](javascript:alert(1))",
  "![img](http://x/y.png)",
  "a|b",
  "**bold** _it_ ~~gone~~",
  "&lt;script&gt;",
  '=HYPERLINK("http://evil.invalid","x")',
  "+1+cmd",
  "-2+3",
  "@SUM(A1)",
  "back\\slash",
];
const SLOW = [10, 10.2, 9.9, 10.1, 10.05, 10, 10.1, 9.95];
const SLOWER = SLOW.map((v) => v * 1.5);

afterAll(removeTempProjects);

/** RFC 4180 fields of a CSV text (quotes, doubled quotes, commas and line breaks inside quotes). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = "";
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (quoted && c === '"') quoted = false;
    else if (quoted) field += c;
    else if (c === '"' && field === "") quoted = true;
    else if (c === ",") endField();
    else if (c === "\n") {
      endField();
      rows.push(row);
      row = [];
    } else field += c;
  }
  if (field !== "" || row.length > 0) {
    endField();
    rows.push(row);
  }
  return rows;
}

async function compareWithReports(): Promise<{ summary: string; csv: string[][] }> {
  const names = Object.fromEntries(HOSTILE.map((n, i) => [n, i % 2 ? SLOWER : SLOW]));
  const dir = await tempProject({
    "a.json": JSON.stringify(baselineDoc(Object.fromEntries(HOSTILE.map((n) => [n, SLOW])))),
    "b.json": JSON.stringify(baselineDoc(names)),
  });
  const elsewhere = await tempProject({});
  const summaryFile = path.join(elsewhere, "summary.md");
  await expectOutcome(dir, ["compare", "a.json", "b.json", "--reports"], {
    code: 1,
    says: /^Performance regression detected/,
    adds: /^metrics\//,
    env: { GITHUB_STEP_SUMMARY: summaryFile },
  });
  const exports = path.join(dir, "metrics", "exports");
  const [csvFile] = await fs.readdir(exports);
  return {
    summary: await fs.readFile(summaryFile, "utf8"),
    csv: parseCsv(await fs.readFile(path.join(exports, csvFile!), "utf8")),
  };
}

describe("hostile benchmark names in reports", () => {
  it("the job summary shows every name as text: no tag, link, image, code span or extra column", async () => {
    const { summary } = await compareWithReports();
    expect(summary).not.toMatch(/<[a-z!/]/i); // no HTML tag of any kind
    expect(summary).not.toMatch(/(^|[^\\])\]\(/m); // no link or image destination
    expect(summary).not.toMatch(/(^|[^\\])\*\*|(^|[^\\])~~/m); // no emphasis or strikethrough
    // Backticks only as escaped characters, except the baseline's own code span on its line.
    const body = summary.replace(/^Baseline: .*$/m, "");
    expect(body).not.toMatch(/(^|[^\\])`/m);
    // Every table row has the header's 7 cells: an unescaped | would add one.
    const rows = summary.split("\n").filter((l) => l.startsWith("| "));
    expect(rows.length).toBe(1 + HOSTILE.length);
    for (const r of rows) expect(r.split(/(?<!\\)\|/).length - 2, r).toBe(7);
    // The names are there, escaped: the entity stays text, the backslash doubled.
    expect(summary).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(summary).toContain("\\[click\\](javascript:alert(1))");
    expect(summary).toContain("&amp;lt;script&amp;gt;");
    expect(summary).toContain("back\\\\slash");
  });

  it("the CSV export defuses formulas (OWASP) and stays valid CSV", async () => {
    const { csv } = await compareWithReports();
    const [header, ...rows] = csv;
    expect(rows).toHaveLength(HOSTILE.length);
    for (const r of rows) expect(r, r.join(",")).toHaveLength(header!.length);
    const names = rows.map((r) => r[0]);
    expect(names).toContain(`'=HYPERLINK("http://evil.invalid","x")`);
    expect(names).toContain("'+1+cmd");
    expect(names).toContain("'-2+3");
    expect(names).toContain("'@SUM(A1)");
    expect(names).toContain("<img src=x onerror=alert(1)>"); // harmless in a CSV: kept as is
    // No cell of any column starts a formula.
    for (const r of rows) for (const cell of r) expect(cell, r.join(",")).not.toMatch(/^\s*[=+\-@\t\r]/);
  });

  it("calibrate's job summary escapes its cells too (it did not even escape |)", async () => {
    // Config names cannot hold spaces, commas or colons; these need none.
    const names = ["<img/src=x/onerror=alert(1)>", "a|b", "`x`", "[x](y)"];
    const dir = await tempProject({
      "perfgate.config.json": JSON.stringify({
        samplesPerRun: 2,
        benchmarks: names.map((name) => ({ name, command: "true" })),
      }),
    });
    const summaryFile = path.join(await tempProject({}), "summary.md");
    await expectOutcome(dir, ["calibrate", "--runs", "1", "--repeat", "1"], {
      code: 0,
      says: /^a\|b /,
      env: { GITHUB_STEP_SUMMARY: summaryFile },
    });
    const summary = await fs.readFile(summaryFile, "utf8");
    const rows = summary.split("\n").filter((l) => l.startsWith("| ") && !l.startsWith("| benchmark"));
    expect(rows).toHaveLength(names.length);
    for (const r of rows) expect(r.split(/(?<!\\)\|/).length - 2, r).toBe(6);
    expect(summary).not.toMatch(/<[a-z!/]/i);
    expect(summary).not.toMatch(/(^|[^\\])[`[\]]/m);
    expect(summary).toContain("&lt;img/src=x/onerror=alert(1)&gt;");
  });
});
