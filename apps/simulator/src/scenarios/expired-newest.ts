import { SimulatorError } from "../errors.ts";
import { BASELINE_ARTIFACT } from "../paths.ts";
import { ciConclusion, downloadWarned, isActionRun, noRawParseError, stepsOf } from "../checklist/evidence.ts";
import type { ScenarioFacts } from "../checklist/types.ts";
import { fallsBackToTemporaryBaseline } from "./expired.ts";
import type { Scenario } from "./types.ts";

const EXPIRED_WARNING = "no downloadable artifacts found (expired)";

/**
 * Beyond the plan: main's newest baseline artifact expired while an older run's is still live.
 * dawidd6/action-download-artifact@v3 with the workflow's inputs (search_artifacts: false) looks
 * at the newest successful run only, so GitHub warns and the PR establishes a temporary baseline.
 */
export const expiredNewestScenario: Scenario = {
  name: "expired-newest",
  title:
    "Beyond the plan: main's newest baseline expired, an older one is live: warning, temporary baseline, CI passes",
  event: "pull_request",
  branch: "feature/after-newest-expired",
  variant: "pr",
  commitMessage: "A PR opened after main's newest baseline expired",
  requires: "baseline",
  async prepare(ctx) {
    const text = await ctx.latestBaselineText();
    if (!text) {
      throw new SimulatorError(
        "SCENARIO_SETUP_FAILED",
        "expired-newest: no usable baseline from main in the store",
        "Run `pnpm simulate main` first.",
      );
    }
    const older = (await ctx.mock.state()).artifacts.filter((a) => a.name === BASELINE_ARTIFACT && !a.expired);
    const newest = await ctx.publishMainBaseline(text, "a copy of main's baseline, as a newer main run");
    await ctx.mock.expireArtifact(newest);
    ctx.note(`expired the newest run's artifact #${newest}; ${older.length} older one(s) stay live`);
    return [newest, ...older.map((a) => a.id)];
  },
  checklist: [
    {
      text: "Main's newest baseline artifact is expired while an older run's is live",
      check: (f) => newestExpiredOlderLive(f),
    },
    {
      text: "Baseline download warns that the newest artifact expired (no older one is used)",
      check: (f) => {
        const warned = downloadWarned(f.result, stepsOf(f).download);
        const s = f.result.jobs.flatMap((j) => j.steps).find((x) => x.name === stepsOf(f).download);
        if (isActionRun(f)) {
          // The action reports it in its own words and says where the baseline came from.
          const source = s?.outputs["baseline-source"];
          return {
            passed: warned.passed && /expired/i.test(warned.evidence) && source === "temporary",
            evidence: `${warned.evidence}; baseline-source=${source ?? "(unset)"}`,
          };
        }
        const found = s?.outputs["found_artifact"];
        return {
          passed: warned.passed && warned.evidence.includes(EXPIRED_WARNING) && found === "false",
          evidence: `${warned.evidence}; found_artifact=${found ?? "(unset)"}`,
        };
      },
    },
    fallsBackToTemporaryBaseline,
    { text: "No JSON parsing errors", check: (f) => noRawParseError(f.result) },
    { text: "CI passes", check: (f) => ciConclusion(f, "success") },
  ],
};

function newestExpiredOlderLive(f: ScenarioFacts): { passed: boolean; evidence: string } {
  const [newestId, ...olderIds] = f.preparedArtifactIds ?? [];
  const byId = (id: number | undefined) => f.store.artifacts.find((a) => a.id === id);
  const newest = byId(newestId);
  const older = olderIds.map(byId).filter((a) => a !== undefined);
  const live = older.filter((a) => !a.expired);
  const passed = newest?.expired === true && live.length > 0 && live.every((a) => a.runId < newest.runId);
  return {
    passed,
    evidence: newest
      ? `newest #${newest.id} (run ${newest.runId}) expired=${newest.expired}; live older: ${live.map((a) => `#${a.id} (run ${a.runId})`).join(", ") || "none"}`
      : "the scenario published no artifact",
  };
}
