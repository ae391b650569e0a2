// The action's runtime, self-contained in dist/ (the runner has no node_modules):
//   dist/index.cjs     the action (action.yml's `main`): inputs, baseline download, uploads, outputs
//   dist/perfgate.cjs  the CLI it runs for validate/establish/check, copied from @perfgate/baseline,
//                      so the action measures and decides exactly as `perfgate` does; with it
//   dist/perfgate-artifact.cjs, the chunk `perfgate artifact` loads from beside it, so the copy is whole.
// A release commits dist/ (see README); everywhere else it is built by `pnpm build`.
import { copyFileSync, existsSync, mkdirSync } from "node:fs";
import { perfgateArtifactBundlePath as chunk, perfgateBundlePath as cli } from "@perfgate/baseline/bundle-path";
import { build } from "esbuild";

for (const file of [cli, chunk]) {
  if (!existsSync(file)) {
    console.error(`${file} is missing: build @perfgate/baseline first (pnpm build does, in order)`);
    process.exit(1);
  }
}
mkdirSync("dist", { recursive: true });
copyFileSync(cli, "dist/perfgate.cjs");
copyFileSync(chunk, "dist/perfgate-artifact.cjs");
await build({
  entryPoints: ["src/main.ts"],
  outfile: "dist/index.cjs",
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  minify: true,
  keepNames: true,
  legalComments: "none",
  logLevel: "warning",
});
console.log("built dist/index.cjs, dist/perfgate.cjs and dist/perfgate-artifact.cjs");
