// Bundles every stand-in's src/main.ts into actions/<dir>/dist/index.cjs: one CommonJS file for
// Node 20 with all dependencies inside, since the runner container has no node_modules.
import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "actions");
const only = process.argv.slice(2);
const dirs = readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(root, d.name, "action.yml")))
  .map((d) => d.name)
  .filter((d) => only.length === 0 || only.includes(d));

const failed = [];
for (const dir of dirs) {
  // Each stand-in on its own: one that cannot build must not keep the others from being built.
  const ok = await build({
    entryPoints: [join(root, dir, "src", "main.ts")],
    outfile: join(root, dir, "dist", "index.cjs"),
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    logLevel: "warning",
    legalComments: "none",
  }).then(
    () => true,
    () => false,
  );
  if (ok) console.log(`built actions/${dir}/dist/index.cjs`);
  else failed.push(dir);
}
if (failed.length > 0) {
  console.error(`could not build stand-ins: ${failed.join(", ")} (esbuild's errors above)`);
  process.exit(1);
}
