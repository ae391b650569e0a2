import { describe, expect, it } from "vitest";
import { baselineDoc, runCli, tempProject } from "../helpers.ts";
import { fingerprint } from "./harness.ts";

// Item 19: "pass --allow-new" was suggested even when --allow-new was passed.
const SAMPLES = [10, 10.2, 9.9, 10.1, 10.05];

describe("hostile combinations: messages say only what is true", () => {
  it("--allow-new with a new and a missing benchmark names only --allow-missing", async () => {
    const dir = await tempProject({
      "a.json": JSON.stringify(baselineDoc({ kept: SAMPLES, gone: SAMPLES })),
      "b.json": JSON.stringify(baselineDoc({ kept: SAMPLES, added: SAMPLES })),
    });
    const before = await fingerprint(dir);
    const r = await runCli(["compare", "a.json", "b.json", "--allow-new"], { cwd: dir });
    expect(r.code, r.output).toBe(2);
    const outcome = r.stdout.split("\n").find((l) => l.startsWith("Performance check incomplete"));
    expect(outcome).toMatch(/1 in the baseline but not measured \(--allow-missing accepts that\)/);
    expect(outcome).not.toMatch(/--allow-new/);
    expect(await fingerprint(dir)).toEqual(before);
  });

  it("a baseline name longer than 256 characters", async () => {
    const dir = await tempProject({ "a.json": JSON.stringify(baselineDoc({ ["n".repeat(300)]: SAMPLES })) });
    const r = await runCli(["validate", "a.json"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/benchmarks\[0\]\.name is longer than 256 characters/);
  });
});
