import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import * as core from "@actions/core";
import { uploadArtifact } from "@perfgate/artifact-client";
import { ActionError } from "./errors.ts";
import type { ActionInputs } from "./inputs.ts";
import { type CliResult, reportFiles } from "./perfgate-cli.ts";

export type Status = "passed" | "failed" | "bootstrapped" | "unchecked";

/** What `perfgate check` wrote in its analysis report (regression_check_*.json). */
interface Analysis {
  regressed?: unknown;
  benchmarks?: { name?: unknown; verdict?: unknown }[];
}

function readAnalysis(reports: string[]): Analysis | undefined {
  const file = reports.find((f) => /regression_check_[^/]*\.json$/.test(f));
  if (!file) return undefined;
  try {
    return JSON.parse(readFileSync(file, "utf8")) as Analysis;
  } catch {
    return undefined;
  }
}

/**
 * Benchmarks the check called regressed: from its analysis report, else from its
 * `::error title=Performance regression: <name>::` annotations (the title escaped as the runner
 * expects: `:` is `%3A`).
 */
function regressedNames(output: string, analysis: Analysis | undefined): string[] {
  if (Array.isArray(analysis?.regressed)) return analysis.regressed.map(String);
  const unescapeProperty = (t: string) =>
    t.replace(/%3A/g, ":").replace(/%2C/g, ",").replace(/%0D/g, "\r").replace(/%0A/g, "\n").replace(/%25/g, "%");
  const names = [...output.matchAll(/^::error title=Performance regression(?::|%3A) (.+?)::/gm)].map((m) =>
    unescapeProperty(m[1]!).trim(),
  );
  return [...new Set(names)];
}

function withVerdict(analysis: Analysis | undefined, verdict: string): string[] {
  return (analysis?.benchmarks ?? []).filter((b) => b.verdict === verdict).map((b) => String(b.name));
}

/**
 * The action's verdict from `perfgate check`'s: outputs, the reports artifact, and the log lines
 * workflows (and the simulator's checklists) look for. `ok` is the status of a pass; `against`
 * names what the PR was compared with.
 */
export async function judge(
  res: CliResult,
  inputs: ActionInputs,
  where: { project: string; workspace: string },
  ok: Status,
  against: string,
): Promise<Status> {
  const reports = reportFiles(res.output).map((f) => path.resolve(where.project, f));
  const report = reports.find((f) => f.endsWith(".txt"));
  if (report) core.setOutput("report-path", path.relative(where.workspace, report) || report);
  const analysis = readAnalysis(reports);
  const regressed = regressedNames(res.output, analysis);
  core.setOutput("regressed", regressed.join(","));
  await uploadReports(inputs, reports);
  const added = withVerdict(analysis, "new");
  const gone = withVerdict(analysis, "missing");

  if (res.exitCode === 0) {
    if (added.length > 0)
      core.notice(`New benchmarks, not compared (nothing to compare with yet): ${added.join(", ")}`, {
        title: "perfgate",
      });
    if (gone.length > 0)
      core.notice(`Benchmarks in ${against} but not measured now (removed or renamed): ${gone.join(", ")}`, {
        title: "perfgate",
      });
    core.info("✅ Performance within acceptable limits");
    return ok;
  }
  if (res.exitCode === 1) {
    core.info(`❌ BLOCKING: Performance regression > ${inputs.threshold}% detected`);
    core.info("📊 Review performance report for details");
    core.info("🛑 This PR cannot be merged until performance is restored");
    core.setOutput("status", "failed");
    core.setFailed(`Performance regression detected${regressed.length ? `: ${regressed.join(", ")}` : ""}`);
    return "failed";
  }
  core.setOutput("status", "failed");
  const failed = withVerdict(analysis, "error");
  if (inputs.strictBenchmarks && failed.length === 0 && added.length + gone.length > 0) {
    const change = [added.length ? `new ${added.join(", ")}` : "", gone.length ? `missing ${gone.join(", ")}` : ""];
    throw new ActionError(
      "BENCHMARKS_CHANGED",
      `strict-benchmarks is true and this PR changes the set of benchmarks: ${change.filter(Boolean).join("; ")}`,
      "once main's baseline is measured with the new set (on the push to main), PRs compare with it; or set `strict-benchmarks: false` to report such changes without failing",
    );
  }
  throw new ActionError(
    "CHECK_UNUSABLE",
    `perfgate check could not decide (exit ${res.exitCode})`,
    "see perfgate's error and remedy above",
  );
}

/** The check's report files as one artifact; a failed upload is a warning, never a changed verdict. */
async function uploadReports(inputs: ActionInputs, files: string[]): Promise<void> {
  const present = files.filter((f) => existsSync(f));
  if (present.length === 0) return;
  try {
    const res = await uploadArtifact(inputs.reportsArtifactName, present, {
      retentionDays: inputs.retentionDays,
      overwrite: true,
    });
    core.info(`Uploaded ${present.length} report file(s) as artifact '${inputs.reportsArtifactName}' #${res.id}`);
    core.setOutput("reports-artifact-id", String(res.id));
  } catch (err) {
    core.warning(`Could not upload the reports: ${(err as Error).message}`, { title: "perfgate" });
  }
}
