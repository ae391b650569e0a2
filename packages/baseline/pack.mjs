// `npm pack` for the published package `perfgate`: this workspace stays `@perfgate/baseline` (the
// other packages import it by that name), and the package npm gets is prepared in dist/npm/ from
// npm/ (README, LICENSE) and the built bundles, with no dependencies: everything is bundled.
//   node pack.mjs [--out DIR]   ->   DIR/perfgate-<version>.tgz (default: dist/)
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

const here = path.dirname(new URL(import.meta.url).pathname);
const outArg = process.argv.indexOf("--out");
const outDir = path.resolve(outArg > 0 ? process.argv[outArg + 1] : path.join(here, "dist"));
const workspace = JSON.parse(readFileSync(path.join(here, "package.json"), "utf8"));
const versionTs = readFileSync(path.join(here, "src", "version.ts"), "utf8");
const version = /PERFGATE_VERSION = "([^"]+)"/.exec(versionTs)?.[1];
if (version !== workspace.version) {
  console.error(`version mismatch: src/version.ts says ${version}, package.json ${workspace.version}`);
  process.exit(1);
}

execFileSync(process.execPath, ["build.mjs"], { cwd: here, stdio: "inherit" });
const stage = path.join(here, "dist", "npm");
rmSync(stage, { recursive: true, force: true });
mkdirSync(path.join(stage, "dist"), { recursive: true });
for (const f of ["perfgate.cjs", "perfgate-artifact.cjs"]) {
  copyFileSync(path.join(here, "dist", f), path.join(stage, "dist", f));
}
for (const f of ["README.md", "LICENSE"]) copyFileSync(path.join(here, "npm", f), path.join(stage, f));
const manifest = {
  name: "perfgate",
  version,
  description:
    "Fail pull requests that make your code slower, never ones that do not: benchmarks, a baseline from main, a statistically sound gate.",
  keywords: ["benchmark", "performance", "regression", "ci", "github-actions"],
  license: "MIT",
  bin: { perfgate: "dist/perfgate.cjs" },
  files: ["dist/perfgate.cjs", "dist/perfgate-artifact.cjs"],
  engines: { node: ">=20" },
  repository: { type: "git", url: "git+https://github.com/perfgate/perfgate.git", directory: "packages/baseline" },
};
writeFileSync(path.join(stage, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
mkdirSync(outDir, { recursive: true });
const out = execFileSync("npm", ["pack", "--pack-destination", outDir, "--json"], { cwd: stage, encoding: "utf8" });
const [{ filename, size, unpackedSize, entryCount }] = JSON.parse(out);
console.log(`${path.join(outDir, filename)}: ${entryCount} files, ${size} bytes (${unpackedSize} unpacked)`);
