import { ciConclusion, findLine, isActionRun, quote, stepsOf, step, stepState } from "../checklist/evidence.ts";
import type { ScenarioFacts } from "../checklist/types.ts";
import type { Scenario } from "./types.ts";

/** Phase 4 of the plan: a PR that slows one benchmarked function must be blocked, naming it. */
export const regressionScenario: Scenario = {
  name: "regression",
  title: "Phase 4: a PR slows primesUpTo about 4x: the gate blocks it and names it",
  event: "pull_request",
  branch: "feature/simpler-primes",
  variant: "regression",
  slowed: "primes",
  commitMessage: "Simplify primesUpTo to trial division",
  requires: "baseline",
  checklist: [
    {
      text: "Regression check detects slowdown",
      check: (f) => {
        const s = step(f.result, stepsOf(f).check);
        const status = s?.outputs["status"];
        const line = findLine(s, "❌ BLOCKING: Performance regression > 10% detected");
        return {
          passed: s?.result === "failure" && status === "failed" && line !== undefined,
          evidence: `${stepState(s, stepsOf(f).check)}; status=${status ?? "(not set)"}${line ? `; log: ${quote(line)}` : "; no BLOCKING line"}`,
        };
      },
    },
    {
      text: 'CI fails with "Performance regression detected"',
      check: (f) => {
        const c = ciConclusion(f, "failure");
        const line = findLine(step(f.result, stepsOf(f).check), "Performance regression detected");
        return {
          passed: c.passed && line !== undefined,
          evidence: `${c.evidence}; ${line ? `log: ${quote(line)}` : 'no "Performance regression detected" line'}`,
        };
      },
    },
    {
      text: "Error message shows which benchmarks regressed: the slowed one and no other",
      check: (f) => {
        const named = regressedBenchmarks(f);
        const want = f.slowed ?? "(none declared)";
        const passed = named.length === 1 && named[0]!.name === want;
        const shown =
          named.map((n) => `${n.name} ${quote(n.line, 100)}`).join("; ") || "no benchmark named as regressed";
        return { passed, evidence: `expected only ${want}; named: ${shown}` };
      },
    },
  ],
};

/**
 * Benchmarks the check step names as regressed: in an `::error` annotation, or on a log line
 * saying "regress..." together with the benchmark's name (perfgate prints one per regression).
 */
export function regressedBenchmarks(f: ScenarioFacts): { name: string; line: string }[] {
  const s = step(f.result, stepsOf(f).check);
  if (!s) return [];
  if (isActionRun(f)) {
    // The action names them in its `regressed` output (comma-separated).
    const names = (s.outputs["regressed"] ?? "").split(",").filter(Boolean);
    return names.map((name) => ({ name, line: `regressed output: ${s.outputs["regressed"]}` }));
  }
  const texts = [
    ...s.annotations.filter((a) => a.level === "error").map((a) => `${a.title ?? ""} ${a.message}`),
    ...s.log.split("\n"),
  ];
  const out: { name: string; line: string }[] = [];
  for (const name of f.benchmarks) {
    const word = new RegExp(`(^|[^\\w-])${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}([^\\w-]|$)`);
    const line = texts.find(
      (t) => word.test(t) && /regress/i.test(t) && !/no regression|not regressed|unchanged/i.test(t),
    );
    if (line) out.push({ name, line: line.trim() });
  }
  return out;
}
