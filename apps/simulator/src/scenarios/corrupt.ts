import { ciConclusion, noRawParseError, quote, stepsOf, step, stepState, stepWithLine } from "../checklist/evidence.ts";
import type { Scenario } from "./types.ts";

/** The seed's original bug: the baseline file is empty. A clear message and the fallback, never a parse error. */
export const corruptScenario: Scenario = {
  name: "corrupt",
  title: "Beyond the plan: main's artifact holds an empty baseline: clear message, fallback, CI passes",
  event: "pull_request",
  branch: "feature/after-bad-upload",
  variant: "pr",
  commitMessage: "A PR opened after main uploaded an empty baseline",
  requires: "nothing",
  async prepare(ctx) {
    const id = await ctx.publishMainBaseline("", "an empty current_performance_baseline.json (0 bytes)");
    return [id];
  },
  checklist: [
    {
      text: "The download fetches main's empty baseline",
      check: (f) => {
        const s = step(f.result, stepsOf(f).download);
        const id = f.preparedArtifactIds?.[0];
        const a = f.store.artifacts.find((x) => x.id === id);
        return {
          passed: s?.result === "success" && a !== undefined && !a.expired,
          evidence: `${stepState(s, stepsOf(f).download)}; artifact #${id ?? "?"} in the store${a ? `, ${a.sizeInBytes} bytes zipped` : " is missing"}`,
        };
      },
    },
    {
      text: "A clear message says the baseline is empty",
      check: (f) => stepWithLine(f.result, stepsOf(f).ensure, "success", /empty \(0 bytes\)/),
    },
    {
      text: "Falls back to a temporary baseline (the documented fallback)",
      check: (f) =>
        stepWithLine(f.result, stepsOf(f).ensure, "success", "📊 No baseline from main - establishing baseline"),
    },
    {
      text: "Never a raw JSON parse error",
      check: (f) => {
        const c = noRawParseError(f.result);
        return { passed: c.passed, evidence: c.passed ? c.evidence : `${c.evidence} (${quote("raw parse error")})` };
      },
    },
    { text: "CI passes", check: (f) => ciConclusion(f, "success") },
  ],
};
