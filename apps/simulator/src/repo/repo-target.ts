import { existsSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { defaultStandIns, preflight, type StandIn } from "@perfgate/workflow-driver";
import { SimulatorError } from "../errors.ts";
import type { Scenario } from "../scenarios/types.ts";
import type { RunTarget } from "../target.ts";
import { stageActionRelease, type WorkflowSpec } from "../workflows.ts";
import { benchmarkSpecs, type Expectation, expectedRegressions } from "./expectations.ts";
import { assertNoMissingTool } from "./missing-tool.ts";
import { repoChecklists } from "./repo-checklists.ts";
import {
  checkPrChange,
  createRepoWorkCopy,
  listCommitted,
  type PrChange,
  type RepoSource,
  openRepoSource,
  readCommitted,
} from "./repo-source.ts";
import { scanWorkflow, type WorkflowScan } from "./workflow-scan.ts";

export interface RepoTargetOptions {
  repo: string;
  workflow?: string;
  job?: string;
  regressionPatch?: string;
  regressionBranch?: string;
  mainBranch?: string;
  includeUncommitted?: boolean;
  expectRegressed?: string[];
  /** Scenarios that will run (regression needs a change to apply). */
  scenarios: string[];
  /** Scratch space in the state dir (staged action, patch check, preflight copy). */
  scratchDir: string;
}

export interface RepoTarget extends RunTarget {
  source: RepoSource;
  scan: WorkflowScan;
  expectation?: Expectation;
  /** One line per fact found, for the progress output. */
  summary: string[];
}

const WORKFLOWS = ".github/workflows";
const CONFIG_FILES = ["perfgate.config.json", "perfgate.config.mjs", "perfgate.config.js"];

/**
 * Everything about `--repo DIR` is checked here, before the mock starts or any workflow runs:
 * the repository, the workflow and its perfgate job, the config, the PR's change, the actions
 * and runner labels (preflight). Nothing is written to DIR, here or later.
 */
export async function openRepoTarget(opts: RepoTargetOptions): Promise<RepoTarget> {
  if (opts.regressionPatch && opts.regressionBranch) {
    throw new SimulatorError(
      "USAGE",
      "--regression-patch and --regression-branch both given",
      "Pass one: the patch to apply on a PR branch, or the branch that is the PR.",
    );
  }
  const change: PrChange = opts.regressionPatch
    ? { kind: "patch", file: opts.regressionPatch }
    : opts.regressionBranch
      ? { kind: "branch", branch: opts.regressionBranch }
      : { kind: "none" };
  if (opts.scenarios.includes("regression") && change.kind === "none") {
    throw new SimulatorError(
      "USAGE",
      "the regression scenario on --repo needs the change that slows your code",
      "Pass --regression-patch FILE (e.g. `git diff main > slow.patch`) or --regression-branch BRANCH.",
    );
  }
  const source = await openRepoSource(opts.repo, {
    ...(opts.mainBranch ? { mainBranch: opts.mainBranch } : {}),
    includeUncommitted: opts.includeUncommitted ?? false,
  });
  const read = (path: string) =>
    source.uncommitted
      ? readFile(join(source.dir, path), "utf8").catch(() => null) // the working tree, as asked
      : readCommitted(source, path);
  const where = source.uncommitted
    ? `the working tree of ${source.dir}`
    : `${source.mainBranch} (${source.mainSha.slice(0, 7)}) of ${source.dir}`;

  const scan = await findWorkflow(source, opts, read, where);
  const configPath = scan.configPath ?? (await firstExisting(CONFIG_FILES, read));
  if (!configPath || (await read(configPath)) === null) {
    throw new SimulatorError(
      "REPO_NO_CONFIG",
      `${where} has no ${scan.configPath ?? "perfgate.config.json"}: perfgate would not know what to measure`,
      "Run `npx perfgate init` in your repository (or write perfgate.config.json listing your benchmarks) and commit it.",
    );
  }
  const specs = benchmarkSpecs(configPath.endsWith(".json") ? await read(configPath) : null);

  await mkdir(opts.scratchDir, { recursive: true });
  await checkPrChange(source, change, opts.scratchDir);
  // noisy's second PR is the user's change too, when one is given (beside a busy neighbour).
  const slowsCode =
    opts.scenarios.includes("regression") || (opts.scenarios.includes("noisy") && change.kind !== "none");
  const expectation = slowsCode
    ? await expectedRegressions(source, change, specs, opts.expectRegressed ?? [])
    : undefined;

  // Every `uses: perfgate/perfgate@<ref>` runs this checkout's action, staged as a release holds it.
  const standIns: StandIn[] = [...defaultStandIns()];
  if (scan.actionRefs.length > 0) {
    const { dir } = await stageActionRelease(join(opts.scratchDir, "perfgate-action-release"));
    standIns.push(...scan.actionRefs.map((uses) => ({ uses, dir })));
  }
  // The driver's preflight on main's workflow text: unmapped `uses:` and runs-on labels without
  // an image fail now, with its messages, instead of in the middle of the first scenario.
  const planned = join(opts.scratchDir, "preflight", basename(scan.file));
  await mkdir(join(opts.scratchDir, "preflight"), { recursive: true });
  await writeFile(planned, (await read(scan.file)) ?? "");
  try {
    await preflight(planned, { job: scan.job, standIns });
  } finally {
    await rm(join(opts.scratchDir, "preflight"), { recursive: true, force: true });
  }

  const checklists = repoChecklists(scan);
  // A scenario's run that carries the user's change: regression, and noisy's follow-up PR (the
  // sample slows one benchmark there; here it is the change given, when there is one).
  const changed = (s: Scenario) => s.name === "regression" || (s.slowed !== undefined && change.kind !== "none");
  const label = (s: Scenario) => (s.slowed !== undefined ? `${s.name}-slowed` : s.name);
  const summary = [
    `repository ${source.dir} as ${source.repo}: ${source.mainBranch} @ ${source.mainSha.slice(0, 7)}${source.uncommitted ? " + its uncommitted changes" : ""}`,
    `workflow ${scan.file}, job ${scan.job}: perfgate in ${scan.perfgateSteps.map((s) => `"${s.name}" (${s.kind === "action" ? s.uses : s.commands.join("+")})`).join(", ")}`,
    `baseline: artifact ${scan.artifactName}, file ${scan.baselinePath}; benchmarks: ${specs.map((s) => s.name).join(", ") || `(not read from ${configPath})`}`,
    ...(expectation ? [`regression expects ${expectation.names.join(", ")} (${expectation.why})`] : []),
  ];
  const gateStep = scan.perfgateSteps[0]!.name;
  const workflow: WorkflowSpec = {
    file: scan.fileName,
    kind: scan.actionRefs.length > 0 ? "action" : "seed",
    steps: {
      download: gateStep,
      ensure: gateStep,
      check: gateStep,
      establishMain: gateStep,
      uploadBaseline: gateStep,
      uploadResults: gateStep,
    },
  };
  return {
    source,
    scan,
    workflow,
    ...(expectation ? { expectation } : {}),
    summary,
    baseline: {
      repo: source.repo,
      workflow: scan.fileName,
      artifact: scan.artifactName,
      file: basename(scan.baselinePath),
    },
    workflowFile: scan.file,
    job: scan.job,
    runJob: scan.job,
    standIns,
    benchmarks: specs.map((s) => s.name),
    workCopy: (scenario: Scenario, parent: string) =>
      createRepoWorkCopy(source, {
        parent,
        label: label(scenario),
        branch: scenario.event === "push" ? "main" : `simulate/${label(scenario)}`,
        change: changed(scenario) ? change : { kind: "none" },
        commitMessage: changed(scenario)
          ? `The change under test (${describe(change)})`
          : `${scenario.name}: no code change`,
      }),
    checklist: (scenario: Scenario) => {
      if (changed(scenario) && scenario.name !== "regression") {
        return checklists.regression!.map((item) => ({ ...item, text: `Busy runner, slowed PR: ${item.text}` }));
      }
      const items = checklists[scenario.name];
      if (!items) {
        throw new SimulatorError(
          "USAGE",
          `scenario ${scenario.name} has no checklist for --repo yet`,
          `Run one of ${Object.keys(checklists).join(", ")}.`,
        );
      }
      return items;
    },
    expectedRegressed: (scenario: Scenario) => (changed(scenario) ? expectation?.names : undefined),
    title: (scenario: Scenario) => {
      const names = expectation?.names.join(", ") ?? "?";
      if (scenario.name === "regression")
        return `Phase 4: a PR with ${describe(change)}: the gate blocks it and names ${names}`;
      if (changed(scenario))
        return `Busy runner: a PR with ${describe(change)} beside a CPU spinner: blocked, naming ${names}`;
      if (scenario.slowed !== undefined)
        return "Busy runner: a second unchanged PR passes (--regression-patch or --regression-branch would check a slowed one)";
      return scenario.title;
    },
    afterRun: assertNoMissingTool,
  };
}

const describe = (c: PrChange) =>
  c.kind === "patch" ? `patch ${basename(c.file)}` : c.kind === "branch" ? `branch ${c.branch}` : "no change";

async function firstExisting(files: string[], read: (p: string) => Promise<string | null>) {
  for (const f of files) if ((await read(f)) !== null) return f;
  return undefined;
}

async function findWorkflow(
  source: RepoSource,
  opts: RepoTargetOptions,
  read: (p: string) => Promise<string | null>,
  where: string,
): Promise<WorkflowScan> {
  if (opts.workflow) {
    const file = opts.workflow.includes("/") ? opts.workflow.replace(/^\.\//, "") : `${WORKFLOWS}/${opts.workflow}`;
    const text = await read(file);
    if (text === null) {
      const onDisk = existsSync(join(source.dir, file));
      throw new SimulatorError(
        "REPO_NO_WORKFLOW",
        `--workflow ${opts.workflow}: ${where} has no ${file}${onDisk ? " (it is in the working tree, not committed)" : ""}`,
        onDisk
          ? "Commit it, or pass --include-uncommitted to rehearse the working tree."
          : `Pass a workflow of ${WORKFLOWS}/ (${(await workflowFiles(source, opts)).join(", ") || "there are none"}).`,
      );
    }
    return scanWorkflow(text, file, opts.job);
  }
  const files = await workflowFiles(source, opts);
  if (files.length === 0) {
    throw new SimulatorError(
      "REPO_NO_WORKFLOW",
      `${where} has no workflow in ${WORKFLOWS}/`,
      "Add your CI workflow (`npx perfgate init` writes one that uses the perfgate action) and commit it, or name one with --workflow FILE.",
    );
  }
  const found: WorkflowScan[] = [];
  const misses: SimulatorError[] = [];
  for (const file of files) {
    try {
      found.push(scanWorkflow((await read(file)) ?? "", file, opts.job));
    } catch (err) {
      if (!(err instanceof SimulatorError) || !["NO_PERFGATE_STEP", "WORKFLOW_NO_JOB"].includes(err.code)) throw err;
      misses.push(err);
    }
  }
  if (found.length === 1) return found[0]!;
  if (found.length === 0) {
    if (misses.length === 1) throw misses[0]; // the one workflow: its own words and remedy
    throw new SimulatorError(
      "NO_PERFGATE_STEP",
      `no workflow of ${where} runs perfgate: ${misses.map((e) => e.message).join("; ")}`,
      "Add the perfgate action to the job that benchmarks (`- uses: perfgate/perfgate@v1`), or name the workflow with --workflow and the job with --job.",
    );
  }
  throw new SimulatorError(
    "AMBIGUOUS_JOB",
    `several workflows of ${where} run perfgate: ${found.map((s) => `${s.file} (job ${s.job})`).join(", ")}`,
    `Say which to rehearse with --workflow (e.g. --workflow ${found[0]!.fileName}).`,
  );
}

async function workflowFiles(source: RepoSource, opts: RepoTargetOptions): Promise<string[]> {
  let names: string[];
  if (opts.includeUncommitted) {
    const { readdir } = await import("node:fs/promises");
    names = await readdir(join(source.dir, WORKFLOWS))
      .then((n) => n.map((x) => `${WORKFLOWS}/${x}`))
      .catch(() => []);
  } else names = await listCommitted(source, WORKFLOWS);
  return names.filter((n) => /\.ya?ml$/.test(n)).sort();
}
