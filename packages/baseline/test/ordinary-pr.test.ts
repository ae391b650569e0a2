import { promises as fs } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BASELINE_REL, commitAll, removeTempProjects, runCli, tempProject } from "./helpers.ts";

// Pull requests add, rename and remove benchmarks all the time: the gate reports that and passes
// on the others, unless the team asks for --strict-benchmarks.

afterAll(removeTempProjects);

async function renamedInPr(): Promise<string> {
  const config = (names: string[]) =>
    JSON.stringify({ samplesPerRun: 3, benchmarks: names.map((name) => ({ name, command: "true" })) });
  const dir = await tempProject({ "perfgate.config.json": config(["kept", "old_name"]) });
  await commitAll(dir, "main");
  const est = await runCli(["establish", "--runs", "1"], { cwd: dir });
  expect(est.code, est.output).toBe(0);
  await fs.writeFile(path.join(dir, "perfgate.config.json"), config(["kept", "new_name"]));
  await commitAll(dir, "rename a benchmark");
  return dir;
}

describe("a PR that renames a benchmark", () => {
  it("check passes, reporting the missing one and pairing the renamed one", async () => {
    const dir = await renamedInPr();
    const r = await runCli(["check", "--no-reports", "--runs", "1", "--json"], { cwd: dir });
    expect(r.code, r.output).toBe(0);
    const verdicts = Object.fromEntries(
      JSON.parse(r.stdout).benchmarks.map((d: { name: string; verdict: string }) => [d.name, d.verdict]),
    );
    // The PR's config runs in both trees, so the renamed benchmark is paired with the base's code.
    expect(verdicts).toMatchObject({ old_name: "missing", new_name: "unchanged" });
    expect(await fs.readFile(path.join(dir, BASELINE_REL), "utf8")).toContain("old_name"); // untouched
  });

  it("--strict-benchmarks makes it exit 2, naming what to do", async () => {
    const dir = await renamedInPr();
    const r = await runCli(["check", "--no-reports", "--runs", "1", "--strict-benchmarks"], { cwd: dir });
    expect(r.code, r.output).toBe(2);
    expect(r.stdout).toMatch(
      /^Performance check incomplete: 1 in the baseline but not measured \(--allow-missing accepts that\)/m,
    );
  });
});
