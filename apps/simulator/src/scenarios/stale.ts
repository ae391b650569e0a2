import { validateBaseline } from "@perfgate/baseline";
import { SimulatorError } from "../errors.ts";
import { ciConclusion, findLine, quote, stepsOf, step, stepState, stepWithLine } from "../checklist/evidence.ts";
import type { Scenario } from "./types.ts";

export const STALE_AGE_DAYS = 45;

/** The plan's "baseline becomes stale" risk: a baseline older than --max-age 30d must warn, not block. */
export const staleScenario: Scenario = {
  name: "stale",
  title: `Beyond the plan: main's newest baseline is ${STALE_AGE_DAYS} days old: a warning, CI passes`,
  event: "pull_request",
  branch: "feature/long-after-main",
  variant: "pr",
  commitMessage: "A PR checked against an old baseline",
  requires: "baseline",
  async prepare(ctx) {
    const text = await ctx.latestBaselineText();
    if (!text)
      throw new SimulatorError(
        "SCENARIO_SETUP_FAILED",
        "stale: no usable baseline from main in the store",
        "Run `pnpm simulate main` first.",
      );
    const old = new Date(Date.now() - STALE_AGE_DAYS * 24 * 3600 * 1000).toISOString();
    const aged = backdate(text, old);
    const id = await ctx.publishMainBaseline(
      aged,
      `main's baseline with its creation time set ${STALE_AGE_DAYS} days back (${old})`,
    );
    return [id];
  },
  checklist: [
    {
      text: "The PR uses main's (old) baseline",
      check: (f) => stepWithLine(f.result, stepsOf(f).ensure, "success", "✅ Using baseline from main branch"),
    },
    {
      text: "A warning says the baseline is older than the maximum age (30d)",
      check: (f) => {
        const s = step(f.result, stepsOf(f).check);
        // Words, not fragments: "old" alone also matches the "threshold" of an inconclusive warning.
        const ageWarning = /\b(older than|max(imum)?[- ]age|stale)\b/i;
        const annotation = s?.annotations.find(
          (a) => a.level === "warning" && ageWarning.test(`${a.title ?? ""} ${a.message}`),
        );
        const line = annotation
          ? `${annotation.title ? `${annotation.title}: ` : ""}${annotation.message}`
          : findLine(s, ageWarning);
        return {
          passed: line !== undefined,
          evidence: `${stepState(s, stepsOf(f).check)}; ${line ? `warning: ${quote(line)}` : "no age warning"}`,
        };
      },
    },
    { text: "The check still passes (a warning, not a block)", check: (f) => ciConclusion(f, "success") },
  ],
};

/**
 * The same baseline, created `when`: read and checked with perfgate's own baseline schema, then only
 * `createdAt` is moved (every other field, known to the schema or not, is kept as it was).
 */
export function backdate(text: string, when: string): string {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text) as Record<string, unknown>;
    validateBaseline(raw, "from main's newest artifact");
    const aged = { ...raw, createdAt: when };
    validateBaseline(aged, "backdated");
    return `${JSON.stringify(aged, null, 2)}\n`;
  } catch (err) {
    throw new SimulatorError(
      "SCENARIO_SETUP_FAILED",
      `stale: main's baseline cannot be backdated: ${err instanceof Error ? err.message : String(err)}`,
      "Run `pnpm simulate main` again so the store holds a baseline this perfgate reads.",
    );
  }
}
