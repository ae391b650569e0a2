import type { StepResult } from "@perfgate/workflow-driver";
import { job, lines, noRawParseError, quote, RAW_PARSE_ERROR, type Check } from "../checklist/evidence.ts";
import type { ChecklistItem, ScenarioFacts } from "../checklist/types.ts";
import { expiredScenario } from "../scenarios/expired.ts";
import { expiredNewestScenario } from "../scenarios/expired-newest.ts";
import type { WorkflowScan } from "./workflow-scan.ts";

/**
 * The plan's checklists for a user's workflow. The sample's checklists read its fixed step names
 * and echo lines; a user's job can be shaped any way, so the evidence here is what perfgate itself
 * prints (the CLI and the action share it), the step outcomes and the mock's store.
 */
export function repoChecklists(scan: WorkflowScan): Record<string, ChecklistItem[]> {
  const ev = evidence(scan);
  const ci = (expected: "success" | "failure"): ChecklistItem => ({
    text: expected === "success" ? "CI passes" : "CI fails (the PR is blocked)",
    check: (f) => ev.ciConclusion(f, expected),
  });
  const noParseError: ChecklistItem = { text: "No raw JSON parse errors", check: (f) => noRawParseError(f.result) };
  const passesUnchanged: ChecklistItem[] = [
    { text: "The check uses main's newest baseline", check: (f) => ev.usedMainBaseline(f) },
    {
      text: "Regression check runs successfully and names no benchmark",
      check: (f) => {
        const c = ev.checkPassed(f);
        const named = ev.regressedBenchmarks(f);
        return named.length === 0
          ? c
          : { passed: false, evidence: `${c.evidence}; named as regressed: ${named.map((n) => n.name).join(", ")}` };
      },
    },
    noParseError,
    ci("success"),
  ];
  return {
    bootstrap: [
      { text: "Baseline download fails gracefully (warning, not error)", check: (f) => ev.downloadWarned(f) },
      { text: "Temporary baseline is established from the PR's commit", check: (f) => ev.usedTemporaryBaseline(f) },
      { text: "Regression check runs (with limited detection)", check: (f) => ev.checkPassed(f) },
      ci("success"),
    ],
    main: [
      { text: "Baseline establishment runs successfully", check: (f) => ev.established(f) },
      { text: `Baseline artifact ${scan.artifactName} is uploaded to the store`, check: (f) => ev.uploaded(f) },
      {
        text: "Downloaded artifact holds a valid baseline of the pushed commit",
        check: (f) => ev.uploadedBaselineValid(f),
      },
      ci("success"),
    ],
    pr: passesUnchanged,
    noisy: passesUnchanged,
    regression: [
      { text: "Regression check detects slowdown", check: (f) => ev.checkFailed(f) },
      ci("failure"),
      {
        text: "Error message names the benchmarks the change slows, and no other",
        check: (f) => {
          const named = ev.regressedBenchmarks(f);
          const want = [...(f.expectedRegressed ?? [])].sort();
          const got = named.map((n) => n.name).sort();
          const passed = want.length > 0 && JSON.stringify(want) === JSON.stringify(got);
          const shown = named.map((n) => `${n.name} ${quote(n.line, 100)}`).join("; ") || "none named as regressed";
          return { passed, evidence: `expected ${want.join(", ") || "(nothing declared)"}; named: ${shown}` };
        },
      },
    ],
    stale: [
      { text: "The PR is checked against main's backdated baseline", check: (f) => ev.usedBackdatedBaseline(f) },
      {
        text: "A warning says the baseline is older than the maximum age",
        check: (f) => {
          const hit = ev.find(f, /\b(older than|max(imum)?[- ]age|stale)\b/i, "warning");
          return hit
            ? { passed: true, evidence: `step "${hit.step}": warning ${quote(hit.line)}` }
            : { passed: false, evidence: `no age warning in ${ev.stepNames(f)}` };
        },
      },
      ci("success"),
    ],
    expired: [
      expiredScenario.checklist[0]!,
      { text: "Baseline download warns instead of failing", check: (f) => ev.downloadWarned(f) },
      { text: "Falls back to a temporary baseline", check: (f) => ev.usedTemporaryBaseline(f) },
      noParseError,
      ci("success"),
    ],
    "expired-newest": [
      expiredNewestScenario.checklist[0]!,
      { text: "Baseline download warns instead of failing", check: (f) => ev.downloadWarned(f) },
      {
        text: "Falls back to a temporary baseline (no older artifact is used)",
        check: (f) => ev.usedTemporaryBaseline(f),
      },
      noParseError,
      ci("success"),
    ],
    corrupt: [
      {
        text: "A clear message says main's baseline is empty",
        check: (f) => {
          const hit = ev.find(f, /empty \(0 bytes\)/);
          return hit
            ? { passed: true, evidence: `step "${hit.step}": ${quote(hit.line)}` }
            : { passed: false, evidence: `no "empty (0 bytes)" message in ${ev.stepNames(f)}` };
        },
      },
      { text: "Falls back to a temporary baseline", check: (f) => ev.usedTemporaryBaseline(f) },
      {
        text: "Never a raw JSON parse error",
        check: (f) => {
          const c = noRawParseError(f.result);
          return c.passed ? c : { passed: false, evidence: `${c.evidence} (matches ${String(RAW_PARSE_ERROR)})` };
        },
      },
      ci("success"),
    ],
  };
}

/**
 * Which baseline a check compared with, in perfgate's words: stored mode says "perfgate check:
 * measuring ...; baseline FILE (created DATE, sha SHA)", paired mode "perfgate check: paired mode:
 * measuring base SHA (the baseline's commit) and this tree alternately".
 */
const CHECK_LINE =
  /perfgate check: (?:measuring .*; baseline (\S+) \(created ([^,]+), sha ([0-9a-f]+|unknown)\)|paired mode: measuring base ([0-9a-f]+) \(the baseline's commit\))/;

function evidence(scan: WorkflowScan) {
  const jobOf = (f: ScenarioFacts) => job(f.result, scan.job);
  const perfgateSteps = (f: ScenarioFacts): StepResult[] => {
    const names = new Set(scan.perfgateSteps.map((s) => s.name));
    return (jobOf(f)?.steps ?? []).filter((s) => names.has(s.name));
  };
  const downloadSteps = (f: ScenarioFacts): StepResult[] => {
    const names = new Set([
      ...scan.downloadSteps,
      ...scan.perfgateSteps.filter((s) => s.kind === "action").map((s) => s.name),
    ]);
    return (jobOf(f)?.steps ?? []).filter((s) => names.has(s.name));
  };
  const stepNames = (f: ScenarioFacts) => {
    const s = perfgateSteps(f);
    return s.length ? s.map((x) => `"${x.name}" (${x.result})`).join(", ") : `no perfgate step of job ${scan.job} ran`;
  };
  const state = (s: StepResult) =>
    `step "${s.name}": ${s.result}${s.continueOnError && s.result === "failure" ? " (continue-on-error)" : ""}`;
  /** First line (or annotation of `level`) matching `re` in the job's perfgate and download steps. */
  const find = (f: ScenarioFacts, re: RegExp, level?: "warning" | "error") => {
    const steps = [...new Set([...perfgateSteps(f), ...downloadSteps(f)])];
    for (const s of steps) {
      for (const a of s.annotations) {
        const text = `${a.title ? `${a.title}: ` : ""}${a.message}`;
        if ((!level || a.level === level) && re.test(text)) return { step: s.name, line: text, s };
      }
      if (level) continue;
      const line = lines(s).find((l) => re.test(l));
      if (line) return { step: s.name, line, s };
    }
    return undefined;
  };
  const runSha = (f: ScenarioFacts) => f.store.runs.find((r) => r.id === f.runId)?.sha;
  const checkLine = (f: ScenarioFacts) => {
    const hit = find(f, CHECK_LINE);
    const m = hit ? CHECK_LINE.exec(hit.line) : null;
    if (!hit || !m) return undefined;
    return m[4]
      ? { ...hit, file: scan.baselinePath, created: undefined, sha: m[4] }
      : { ...hit, file: m[1]!, created: m[2], sha: m[3]! };
  };
  const newestMainBaseline = (f: ScenarioFacts) => {
    const runs = new Map(
      f.store.runs
        .filter((r) => r.branch === "main" && r.event === "push" && r.conclusion === "success")
        .map((r) => [r.id, r]),
    );
    const a = f.store.artifacts
      .filter((x) => x.name === scan.artifactName && !x.expired && runs.has(x.runId))
      .sort((x, y) => y.runId - x.runId)[0];
    return a ? { artifact: a, run: runs.get(a.runId)! } : undefined;
  };
  const regressedBenchmarks = (f: ScenarioFacts): { name: string; line: string }[] => {
    const texts = perfgateSteps(f).flatMap((s) => [
      ...s.annotations.filter((a) => a.level === "error").map((a) => `${a.title ?? ""} ${a.message}`),
      ...lines(s),
    ]);
    return f.benchmarks.flatMap((name) => {
      const word = new RegExp(`(^|[^\\w-])${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}([^\\w-]|$)`);
      // perfgate's own words: "::error title=Performance regression: NAME" and "✗ regressed  NAME ...".
      const line = texts.find((t) => word.test(t) && /Performance regression: |✗ regressed\s/.test(t));
      return line ? [{ name, line: line.trim() }] : [];
    });
  };
  const checkStep = (f: ScenarioFacts) => checkLine(f)?.s;

  return {
    find,
    stepNames,
    regressedBenchmarks,
    ciConclusion(f: ScenarioFacts, expected: "success" | "failure"): Check {
      const j = jobOf(f);
      const run = f.store.runs.find((r) => r.id === f.runId);
      const wantExit = expected === "success" ? 0 : 1;
      const ok = j?.result === expected && f.result.exitCode === wantExit && run?.conclusion === expected;
      return {
        passed: ok,
        evidence: `act exit ${f.result.exitCode}; job ${scan.job}: ${j?.result ?? "did not run"}; run #${f.runId} in the store: ${run ? `${run.status}/${run.conclusion}` : "missing"}`,
      };
    },
    established(f: ScenarioFacts): Check {
      const hit = find(f, /Baseline written to /);
      if (!hit) return { passed: false, evidence: `no "Baseline written to" line in ${stepNames(f)}` };
      return { passed: hit.s.result === "success", evidence: `${state(hit.s)}; log: ${quote(hit.line)}` };
    },
    uploaded(f: ScenarioFacts): Check {
      const a = f.store.artifacts.find((x) => x.runId === f.runId && x.name === scan.artifactName);
      if (!a) return { passed: false, evidence: `run #${f.runId} has no ${scan.artifactName} artifact in the store` };
      return {
        passed: !a.expired && a.sizeInBytes > 0,
        evidence: `artifact #${a.id} ${a.name} of run #${f.runId}: ${a.sizeInBytes} bytes, expires ${a.expiresAt}`,
      };
    },
    uploadedBaselineValid(f: ScenarioFacts): Check {
      const p = f.uploadedBaseline;
      if (!p) return { passed: false, evidence: "no artifact of this run could be downloaded from the store" };
      if (p.text === null)
        return {
          passed: false,
          evidence: `artifact #${p.artifactId} holds ${p.files.join(", ") || "no files"}, no baseline JSON`,
        };
      let sha: string | undefined;
      let count = 0;
      try {
        const json = JSON.parse(p.text) as { git?: { sha?: string }; benchmarks?: unknown[] };
        sha = json.git?.sha;
        count = Array.isArray(json.benchmarks) ? json.benchmarks.length : 0;
      } catch (err) {
        return { passed: false, evidence: `artifact #${p.artifactId}: not JSON (${(err as Error).message})` };
      }
      const want = runSha(f);
      return {
        passed: p.validate.exitCode === 0 && count > 0 && sha !== undefined && sha === want,
        evidence: `artifact #${p.artifactId}: ${p.bytes} bytes, ${count} benchmark(s), sha ${sha?.slice(0, 12) ?? "none"} (pushed ${want?.slice(0, 12) ?? "?"}); perfgate validate: exit ${p.validate.exitCode}`,
      };
    },
    usedMainBaseline(f: ScenarioFacts): Check {
      const c = checkLine(f);
      const want = newestMainBaseline(f);
      if (!want) return { passed: false, evidence: `the store has no usable ${scan.artifactName} from main` };
      const main = `main's newest: artifact #${want.artifact.id} of run #${want.run.id} (sha ${want.run.sha.slice(0, 12)})`;
      if (!c) return { passed: false, evidence: `no "perfgate check: measuring" line in ${stepNames(f)}; ${main}` };
      return {
        passed: want.run.sha.startsWith(c.sha),
        evidence: `step "${c.step}" compared with ${c.file} (sha ${c.sha}${c.created ? `, created ${c.created}` : ""}); ${main}`,
      };
    },
    /** stale: the check read the prepared (backdated) copy of main's baseline: main's commit, created long ago. */
    usedBackdatedBaseline(f: ScenarioFacts): Check {
      const c = checkLine(f);
      const id = f.preparedArtifactIds?.[0];
      const prepared = f.store.artifacts.find((a) => a.id === id);
      if (!c) return { passed: false, evidence: `no "perfgate check: measuring" line in ${stepNames(f)}` };
      const created = c.created ?? /created (\S+)/.exec(find(f, /older than/, "warning")?.line ?? "")?.[1];
      const ageDays = created ? (Date.now() - Date.parse(created)) / 86_400_000 : Number.NaN;
      const fromMain = f.store.runs.some((r) => r.branch === "main" && r.event === "push" && r.sha.startsWith(c.sha));
      return {
        passed: prepared !== undefined && fromMain && ageDays > 30,
        evidence: `step "${c.step}" compared with sha ${c.sha} (${fromMain ? "a push to main" : "not a commit main pushed"}), created ${created ?? "(not said)"} (${ageDays.toFixed(0)} days ago); prepared artifact #${id ?? "?"}`,
      };
    },
    usedTemporaryBaseline(f: ScenarioFacts): Check {
      const c = checkLine(f);
      const made = find(f, /Baseline written to /);
      const sha = runSha(f) ?? "";
      if (!c) return { passed: false, evidence: `no "perfgate check: measuring" line in ${stepNames(f)}` };
      return {
        passed: made !== undefined && c.sha !== "unknown" && sha.startsWith(c.sha),
        evidence: `${made ? `step "${made.step}": ${quote(made.line)}` : "no baseline was written"}; the check compared with sha ${c.sha} (this PR's commit: ${sha.slice(0, 12)})`,
      };
    },
    downloadWarned(f: ScenarioFacts): Check {
      const steps = downloadSteps(f);
      if (steps.length === 0)
        return {
          passed: false,
          evidence: `job ${scan.job} has no step that downloads the baseline (download action or perfgate action)`,
        };
      for (const s of steps) {
        const error = s.annotations.find((a) => a.level === "error");
        const ok = s.result === "success" || s.continueOnError;
        const warning =
          s.annotations.find((a) => a.level === "warning")?.message ??
          lines(s).find((l) => /warn|no artifact|not found/i.test(l));
        if (warning && ok && !error) return { passed: true, evidence: `${state(s)}; warning: ${quote(warning)}` };
        if (error) return { passed: false, evidence: `${state(s)}, but it reported an error: ${quote(error.message)}` };
      }
      return { passed: false, evidence: `${steps.map(state).join("; ")}; none printed a warning` };
    },
    checkPassed(f: ScenarioFacts): Check {
      const s = checkStep(f);
      if (!s) return { passed: false, evidence: `no "perfgate check: measuring" line in ${stepNames(f)}` };
      const line = lines(s).find((l) => /No performance regression/.test(l));
      return {
        passed: s.result === "success" && line !== undefined,
        evidence: `${state(s)}${line ? `; log: ${quote(line)}` : '; no "No performance regression" line'}`,
      };
    },
    checkFailed(f: ScenarioFacts): Check {
      const s = checkStep(f);
      if (!s) return { passed: false, evidence: `no "perfgate check: measuring" line in ${stepNames(f)}` };
      const line = lines(s).find((l) => /Performance regression detected/.test(l));
      return {
        passed: s.result === "failure" && line !== undefined,
        evidence: `${state(s)}${line ? `; log: ${quote(line)}` : '; no "Performance regression detected" line'}`,
      };
    },
  };
}
