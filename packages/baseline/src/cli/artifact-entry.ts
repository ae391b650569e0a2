// Entry of dist/perfgate-artifact.cjs, the chunk `perfgate artifact` loads on demand (build.mjs).
export { artifactCommand } from "@perfgate/artifact-client/cli";
