import { ciConclusion, downloadWarned, noRawParseError, stepsOf, stepWithLine } from "../checklist/evidence.ts";
import type { ChecklistItem } from "../checklist/types.ts";
import type { Scenario } from "./types.ts";
import { temporaryBaselineMade } from "./bootstrap.ts";

/** The PR establishes a temporary baseline because main's could not be used (expired or missing). */
export const fallsBackToTemporaryBaseline: ChecklistItem = {
  text: "Falls back to a temporary baseline",
  check: (f) => {
    const msg = stepWithLine(
      f.result,
      stepsOf(f).ensure,
      "success",
      "📊 No baseline from main - establishing baseline",
    );
    const made = temporaryBaselineMade(f);
    return {
      passed: msg.passed && made.passed,
      evidence: `${msg.evidence}; ${made.evidence.replace(/^step "[^"]+": \S+ in \S+; /, "")}`,
    };
  },
};

/** Beyond the plan: main's baseline artifact expired (retention ran out); the PR must fall back. */
export const expiredScenario: Scenario = {
  name: "expired",
  title: "Beyond the plan: main's baseline artifact expired: warning, temporary baseline, CI passes",
  event: "pull_request",
  branch: "feature/after-retention",
  variant: "pr",
  commitMessage: "A PR opened after main's baseline expired",
  requires: "baseline",
  async prepare(ctx) {
    const state = await ctx.mock.state();
    const live = state.artifacts.filter((a) => a.name === "performance-baseline" && !a.expired);
    for (const a of live) await ctx.mock.expireArtifact(a.id);
    ctx.note(
      `expired ${live.length} performance-baseline artifact(s) in the store: ${live.map((a) => `#${a.id}`).join(", ")}`,
    );
    return live.map((a) => a.id);
  },
  checklist: [
    {
      text: "Main's baseline artifacts are expired in the store",
      check: (f) => {
        const ids = f.preparedArtifactIds ?? [];
        const arts = f.store.artifacts.filter((a) => ids.includes(a.id));
        const ok = ids.length > 0 && arts.length === ids.length && arts.every((a) => a.expired);
        return {
          passed: ok,
          evidence:
            arts.map((a) => `#${a.id} expired=${a.expired} (expires_at ${a.expiresAt})`).join("; ") ||
            "no artifact was expired",
        };
      },
    },
    { text: "Baseline download warns instead of failing", check: (f) => downloadWarned(f.result, stepsOf(f).download) },
    fallsBackToTemporaryBaseline,
    { text: "No JSON parsing errors", check: (f) => noRawParseError(f.result) },
    { text: "CI passes", check: (f) => ciConclusion(f, "success") },
  ],
};
