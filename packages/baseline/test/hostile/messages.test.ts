import { afterAll, describe, expect, it } from "vitest";
import { baselineDoc, removeTempProjects, tempProject } from "../helpers.ts";
import { expectOutcome, expectRefused } from "./harness.ts";

// Item 19: "pass --allow-new" was suggested even when --allow-new was passed.
const SAMPLES = [10, 10.2, 9.9, 10.1, 10.05];

afterAll(removeTempProjects);

describe("hostile combinations: messages say only what is true", () => {
  it("--allow-new with a new and a missing benchmark names only --allow-missing", async () => {
    const dir = await tempProject({
      "a.json": JSON.stringify(baselineDoc({ kept: SAMPLES, gone: SAMPLES })),
      "b.json": JSON.stringify(baselineDoc({ kept: SAMPLES, added: SAMPLES })),
    });
    // The outcome line names the cause and, in its parenthesis, the remedy.
    const r = await expectOutcome(dir, ["compare", "a.json", "b.json", "--allow-new"], {
      code: 2,
      says: /^Performance check incomplete: 1 in the baseline but not measured/,
      remedy: /^Performance check incomplete: .*\(--allow-missing accepts that\)/,
    });
    const outcome = r.stdout.split("\n").find((l) => l.startsWith("Performance check incomplete"));
    expect(outcome).not.toMatch(/--allow-new/);
  });

  it("a baseline name longer than 256 characters", async () => {
    const dir = await tempProject({ "a.json": JSON.stringify(baselineDoc({ ["n".repeat(300)]: SAMPLES })) });
    await expectRefused(dir, ["validate", "a.json"], {
      code: 2,
      message: /baseline file a\.json is invalid: benchmarks\[0\]\.name is longer than 256 characters/,
      remedy: /re-create it with `perfgate establish`/,
    });
  });
});
