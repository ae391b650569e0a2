export { ACT_MODULE, ACT_VERSION, readActVersion } from "./act.ts";
export type { ToolchainOptions } from "./context.ts";
export { DOCKERD_ARGS, dockerSocketPath } from "./docker-engine.ts";
export { type DoctorPart, type DoctorReport, doctor, type PartStatus } from "./doctor.ts";
export { type Toolchain, ensureToolchain } from "./ensure.ts";
export { ToolchainError, type ToolchainErrorCode } from "./errors.ts";
export { findRepoRoot, perfgateHome, toolPaths } from "./paths.ts";
export {
  EXTRA_PACKAGES_FILE,
  loadRunnerRecipe,
  RUNNER_DEV_TAG,
  RUNNER_REPO,
  rootfsPackages,
  runnerImageTag,
} from "./runner-recipe.ts";
