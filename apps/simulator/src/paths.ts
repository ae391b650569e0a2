import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { perfgateBundlePath } from "@perfgate/baseline/bundle-path";
import { perfgateHome } from "@perfgate/workflow-driver";

const appDir = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Where the simulator finds its inputs: the sample project, its variants, perfgate's bundle. */
export const paths = {
  appDir,
  sampleRepo: join(appDir, "sample-repo"),
  variants: join(appDir, "variants"),
  /** Built by `pnpm --filter @perfgate/baseline build`. */
  perfgateBundle: () => perfgateBundlePath,
  defaultStateDir: () => join(perfgateHome(), "state"),
  workflowFile: ".github/workflows/testing-quality-gates.yml",
};

/** The repository the simulated GitHub knows the sample project as. */
export const SAMPLE_REPO = "perfgate/sample";
export const WORKFLOW_FILE_NAME = "testing-quality-gates.yml";
export const BASELINE_ARTIFACT = "performance-baseline";
export const BASELINE_FILE = "current_performance_baseline.json";
export const BASELINE_PATH = `metrics/baselines/${BASELINE_FILE}`;
