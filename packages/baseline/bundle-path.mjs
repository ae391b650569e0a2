// Where `pnpm --filter @perfgate/baseline build` writes the CLI bundles, for packages that run or
// ship them (the simulator, the action's build). Its own export so they need not load the library.
import { fileURLToPath } from "node:url";

/** dist/perfgate.cjs: the `perfgate` CLI as one file, run as `node perfgate.cjs`. */
export const perfgateBundlePath = fileURLToPath(new URL("./dist/perfgate.cjs", import.meta.url));
/** dist/perfgate-artifact.cjs: `perfgate artifact`, loaded on demand from beside perfgate.cjs. */
export const perfgateArtifactBundlePath = fileURLToPath(new URL("./dist/perfgate-artifact.cjs", import.meta.url));
