// The action's runtime, self-contained in dist/ (the runner has no node_modules):
//   dist/index.cjs     the action (action.yml's `main`): inputs, baseline download, uploads, outputs
//   dist/perfgate.cjs  the CLI it runs for validate/establish/check, copied from @perfgate/baseline,
//                      so the action measures and decides exactly as `perfgate` does.
// A release commits dist/ (see README); everywhere else it is built by `pnpm build`.
import { copyFileSync, existsSync, mkdirSync } from "node:fs";
import { perfgateBundlePath as cli } from "@perfgate/baseline/bundle-path";
import { build } from "esbuild";

if (!existsSync(cli)) {
  console.error(`${cli} is missing: build @perfgate/baseline first (pnpm build does, in order)`);
  process.exit(1);
}
mkdirSync("dist", { recursive: true });
copyFileSync(cli, "dist/perfgate.cjs");
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
console.log("built dist/index.cjs and dist/perfgate.cjs");
