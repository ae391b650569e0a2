import {
  type Check,
  ciConclusion,
  findLine,
  lines,
  quote,
  step,
  stepsOf,
  stepWithLine,
} from "../checklist/evidence.ts";
import type { ScenarioFacts } from "../checklist/types.ts";
import { regressedBenchmarks } from "./regression.ts";
import type { Scenario } from "./types.ts";

/** Per-benchmark verdicts as the check step printed them (`✓ unchanged    primes  +0.4% (...)`). */
export function printedVerdicts(f: ScenarioFacts): Map<string, { verdict: string; line: string }> {
  const out = new Map<string, { verdict: string; line: string }>();
  for (const line of lines(step(f.result, stepsOf(f).check))) {
    const m = /^[✓✗?+\-!] (regressed|improved|unchanged|inconclusive|new|missing|error) +(\S+)/.exec(line);
    if (m && f.benchmarks.includes(m[2]!)) out.set(m[2]!, { verdict: m[1]!, line });
  }
  return out;
}

function verdictList(f: ScenarioFacts): string {
  const v = printedVerdicts(f);
  return f.benchmarks.map((b) => `${b} ${v.get(b)?.verdict ?? "(no verdict printed)"}`).join(", ");
}

/** Every benchmark got a verdict, and none but `allowed` is regressed or improved. */
function noFalseVerdicts(f: ScenarioFacts, allowed: string[]): Check {
  const v = printedVerdicts(f);
  const wrong = f.benchmarks.filter(
    (b) => !allowed.includes(b) && ["regressed", "improved"].includes(v.get(b)?.verdict ?? ""),
  );
  const missing = f.benchmarks.filter((b) => !v.has(b));
  return {
    passed: wrong.length === 0 && missing.length === 0,
    evidence: `verdicts: ${verdictList(f)}${wrong.length ? `; wrongly called regressed/improved: ${wrong.join(", ")}` : ""}`,
  };
}

function pairedMode(f: ScenarioFacts): Check {
  const line = findLine(step(f.result, stepsOf(f).check), "paired mode: measuring base");
  return {
    passed: line !== undefined,
    evidence: line ? `log: ${quote(line)}` : "no 'paired mode' line: the check compared with the stored samples",
  };
}

/**
 * Issue 10's busy runner: a CPU spinner runs beside the PR's check. An unchanged PR must pass with
 * no benchmark called regressed or improved; then a PR that makes medianOfValues about 25% slower
 * must fail naming it and no other. Paired mode is what makes both hold.
 */
export const noisyScenario: Scenario = {
  name: "noisy",
  title: "Busy runner: beside a CPU spinner an unchanged PR passes (a second PR, ~25% slower, is blocked)",
  event: "pull_request",
  branch: "feature/noisy-unchanged",
  variant: "pr",
  commitMessage: "Touch up the README (no code change), checked on a busy runner",
  requires: "baseline",
  spinners: 1,
  checklist: [
    {
      text: "Busy runner, unchanged PR: the STRICT check passes",
      check: (f) => {
        const c = stepWithLine(f.result, stepsOf(f).check, "success", "No performance regression");
        const ci = ciConclusion(f, "success");
        return { passed: c.passed && ci.passed, evidence: `${c.evidence}; ${ci.evidence}` };
      },
    },
    {
      text: "Busy runner, unchanged PR: no benchmark is called regressed or improved",
      check: (f) => noFalseVerdicts(f, []),
    },
    { text: "Busy runner, unchanged PR: the check measured base and head in pairs", check: pairedMode },
  ],
  followUp: {
    title: "Busy runner: a PR makes medianOfValues about 25% slower: blocked, naming it alone",
    branch: "feature/noisy-quartile-check",
    variant: "noisy",
    slowed: "medianOfValues",
    commitMessage: "Check the first quartile's order in median",
    checklist: [
      {
        text: 'Busy runner, slowed PR: CI fails with "Performance regression detected"',
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
        text: "Busy runner, slowed PR: the slowed benchmark is named, and no other is called regressed or improved",
        check: (f) => {
          const named = regressedBenchmarks(f).map((n) => n.name);
          const others = noFalseVerdicts(f, [f.slowed ?? ""]);
          return {
            passed: named.length === 1 && named[0] === f.slowed && others.passed,
            evidence: `expected only ${f.slowed}; named: ${named.join(", ") || "none"}; ${others.evidence}`,
          };
        },
      },
      { text: "Busy runner, slowed PR: the check measured base and head in pairs", check: pairedMode },
    ],
  },
};
