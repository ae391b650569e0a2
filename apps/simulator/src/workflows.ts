import { existsSync } from "node:fs";
import { cp, mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { findRepoRoot, type StandIn } from "@perfgate/workflow-driver";
import { SimulatorError } from "./errors.ts";
import { paths } from "./paths.ts";

/** The phases of the perfgate job a checklist looks at, by the step that carries each. */
export interface GateSteps {
  download: string;
  ensure: string;
  check: string;
  establishMain: string;
  uploadBaseline: string;
  uploadResults: string;
}

export interface WorkflowSpec {
  /** File name under the sample's .github/workflows/ (also the mock's workflow name). */
  file: string;
  /** seed: the plan's expanded job; action: the same gate as one `uses: perfgate/perfgate@v1` step. */
  kind: "seed" | "action";
  steps: GateSteps;
}

const ACTION_STEP = "Performance gate (perfgate)";

export const WORKFLOWS: WorkflowSpec[] = [
  {
    file: "testing-quality-gates.yml",
    kind: "seed",
    steps: {
      download: "Download baseline from main branch",
      ensure: "Ensure baseline exists",
      check: "Run performance regression tests with STRICT enforcement",
      establishMain: "Establish baseline for main branch",
      uploadBaseline: "Upload baseline artifact for future runs",
      uploadResults: "Upload performance artifacts",
    },
  },
  {
    file: "perfgate-action.yml",
    kind: "action",
    // Every phase is the action's one step: its log, annotations and outputs are the evidence.
    steps: {
      download: ACTION_STEP,
      ensure: ACTION_STEP,
      check: ACTION_STEP,
      establishMain: ACTION_STEP,
      uploadBaseline: ACTION_STEP,
      uploadResults: ACTION_STEP,
    },
  },
];

export const SEED_WORKFLOW = WORKFLOWS[0]!;

/** `--workflow`: "all" or one file name (a path to it is accepted too). */
export function selectWorkflows(choice: string | undefined): WorkflowSpec[] {
  if (!choice || choice === "all") return WORKFLOWS;
  const name = choice.replace(/^.*\//, "");
  const spec = WORKFLOWS.find((w) => w.file === name);
  if (!spec) {
    throw new SimulatorError(
      "USAGE",
      `unknown workflow '${choice}'`,
      `Pass --workflow all or one of ${WORKFLOWS.map((w) => w.file).join(", ")} (apps/simulator/sample-repo/.github/workflows/).`,
    );
  }
  return [spec];
}

export function workflowSpec(file: string | undefined): WorkflowSpec {
  return WORKFLOWS.find((w) => w.file === file) ?? SEED_WORKFLOW;
}

export const ACTION_USES = "perfgate/perfgate@v1";

/**
 * The directory `perfgate/perfgate@v1` is mapped to with act's --local-repository: this
 * repository as a release commit holds it (action.yml plus the built packages/action/dist/).
 * Not the repository root itself: act tars a mapped directory whole, in memory and ignoring
 * .gitignore, and the root holds node_modules and .perfgate/ (this run's own work copies).
 */
export async function stageActionRelease(dir: string): Promise<StandIn> {
  const root = findRepoRoot(paths.appDir);
  const files = ["action.yml", "packages/action/dist/index.cjs", "packages/action/dist/perfgate.cjs"];
  const missing = files.filter((f) => !existsSync(join(root, f)));
  if (missing.length > 0) {
    throw new SimulatorError(
      "BUNDLE_MISSING",
      `the perfgate action is not built: ${missing.join(", ")} missing in ${root}`,
      "Build it with `pnpm build` (or `pnpm --filter @perfgate/baseline build && pnpm --filter @perfgate/action build`).",
    );
  }
  await rm(dir, { recursive: true, force: true });
  for (const f of files) {
    await mkdir(join(dir, f, ".."), { recursive: true });
    await cp(join(root, f), join(dir, f));
  }
  return { uses: ACTION_USES, dir };
}
