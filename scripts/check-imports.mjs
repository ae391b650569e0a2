#!/usr/bin/env node
// Walks every workspace package's source and fails on an import that crosses a package boundary
// the wrong way: another package's internals (a path not in its package.json `exports`, or a
// relative path out of the package), or a package the importer does not declare. Code under
// src/ (and the stand-ins' actions/ and shared/) runs in production, so its value imports must be
// `dependencies`; tests, benches and build scripts may also use `devDependencies` and the root's
// tooling. `pnpm test` runs this before the tests; `node scripts/check-imports.mjs` runs it alone.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const SOURCE = /\.(c|m)?(t|j)sx?$/;
// Not the package's own code: user-facing samples, recorded fixtures, build output.
const SKIP_DIRS = new Set(["node_modules", "dist", "fixtures", "sample-repo", "variants", ".turbo", "npm"]);
const RUNTIME_DIRS = new Set(["src", "actions", "shared"]);

/** Every workspace package: its directory, manifest and exported subpaths. */
export function workspacePackages() {
  return ["packages", "apps"].flatMap((group) =>
    readdirSync(path.join(root, group), { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(path.join(root, group, d.name, "package.json")))
      .map((d) => {
        const dir = path.join(root, group, d.name);
        const manifest = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
        return { dir, manifest, name: manifest.name };
      }),
  );
}

function sourceFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP_DIRS.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(full));
    else if (SOURCE.test(entry.name) && !entry.name.endsWith(".d.ts")) out.push(full);
  }
  return out;
}

// Static, dynamic and require imports; `typeOnly` marks `import type`/`export type` (erased at run time).
const IMPORT =
  /(?:^|[;\s])(?:import|export)\s+(type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?["']([^"']+)["']|(?:import|require)\(\s*["']([^"']+)["']\s*\)/gm;

/** The imports of one file's text: { specifier, typeOnly }. Comments are dropped first. */
export function importsOf(text) {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`\\])\/\/.*$/gm, "$1");
  return [...code.matchAll(IMPORT)].map((m) => ({ specifier: m[2] ?? m[3], typeOnly: Boolean(m[1]) }));
}

function packageNameOf(specifier) {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

function exportedSubpaths(manifest) {
  const exp = manifest.exports;
  if (exp === undefined) return ["."];
  if (typeof exp === "string") return ["."];
  return Object.keys(exp);
}

/** Every boundary fault in the workspace, as "file: message" lines. */
export function findViolations() {
  const packages = workspacePackages();
  const byName = new Map(packages.map((p) => [p.name, p]));
  const rootManifest = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
  const tooling = new Set(Object.keys(rootManifest.devDependencies ?? {}));
  const builtins = new Set(builtinModules);
  const faults = [];
  for (const pkg of packages) {
    const runtime = new Set(Object.keys(pkg.manifest.dependencies ?? {}));
    const dev = new Set(Object.keys(pkg.manifest.devDependencies ?? {}));
    for (const file of sourceFiles(pkg.dir)) {
      const rel = path.relative(pkg.dir, file);
      const ranInProduction = RUNTIME_DIRS.has(rel.split(path.sep)[0]);
      const where = path.relative(root, file);
      for (const { specifier, typeOnly } of importsOf(readFileSync(file, "utf8"))) {
        if (specifier.startsWith(".")) {
          const target = path.resolve(path.dirname(file), specifier);
          if (!target.startsWith(pkg.dir + path.sep))
            faults.push(`${where}: "${specifier}" reaches out of ${pkg.name}`);
          continue;
        }
        if (specifier.startsWith("node:") || builtins.has(specifier.split("/")[0])) continue;
        const name = packageNameOf(specifier);
        if (name === pkg.name) continue;
        const other = byName.get(name);
        if (other) {
          const sub = "." + specifier.slice(name.length);
          if (!exportedSubpaths(other.manifest).includes(sub))
            faults.push(`${where}: "${specifier}" is not in ${name}'s package.json exports`);
        }
        const typesName = name.startsWith("@") ? `@types/${name.slice(1).replace("/", "__")}` : `@types/${name}`;
        if (ranInProduction && !typeOnly) {
          if (!runtime.has(name))
            faults.push(
              `${where}: "${name}" is imported at run time but is not in ${pkg.name}'s dependencies` +
                (dev.has(name) ? " (it is a devDependency)" : ""),
            );
        } else if (!runtime.has(name) && !dev.has(name) && !dev.has(typesName) && !tooling.has(name)) {
          faults.push(`${where}: "${name}" is not declared by ${pkg.name}`);
        }
      }
    }
  }
  return faults;
}

/** Runtime dependencies that no production file imports (declared but unused at run time). */
export function unusedRuntimeDependencies() {
  const unused = [];
  for (const pkg of workspacePackages()) {
    const used = new Set();
    for (const file of sourceFiles(pkg.dir)) {
      for (const { specifier } of importsOf(readFileSync(file, "utf8"))) {
        if (!specifier.startsWith(".")) used.add(packageNameOf(specifier));
      }
    }
    for (const dep of Object.keys(pkg.manifest.dependencies ?? {}))
      if (!used.has(dep)) unused.push(`${pkg.name}: dependency "${dep}" is imported nowhere`);
  }
  return unused;
}

if (
  process.argv[1] &&
  statSync(process.argv[1]).isFile() &&
  fileURLToPath(import.meta.url) === path.resolve(process.argv[1])
) {
  const faults = [...findViolations(), ...unusedRuntimeDependencies()];
  if (faults.length > 0) {
    console.error(`check-imports: ${faults.length} boundary fault(s):\n  ${faults.join("\n  ")}`);
    console.error("remedy: import only a package's package.json exports, and declare what you import where it is used");
    process.exit(1);
  }
  console.log("check-imports: every import respects package boundaries and declared dependencies");
}
