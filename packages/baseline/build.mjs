// The CLI as CommonJS bundles for places without node_modules (the runner container, the npm
// package): CJS so they run as `node perfgate.cjs` whatever the host package's "type".
//   dist/perfgate.cjs           every command but `artifact`: perfgate's code, yargs, zod, execa
//   dist/perfgate-artifact.cjs  `perfgate artifact`, loaded on demand: @actions/artifact, Octokit, Azure
// Split because the artifact half is ~6 MB that `--version`, `establish` and `check` never use.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { build } from "esbuild";

const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  // Minified (names kept for stack traces): the file a user runs must stay under 1 MiB.
  minify: true,
  keepNames: true,
  legalComments: "none",
  logLevel: "warning",
  // yargs' ESM shim reads import.meta.url, which CJS output lacks: supply it.
  // __PERFGATE_BUNDLE__: module-benchmark workers are this same file started again (measure/bench-worker.ts).
  define: { "import.meta.url": "__perfgate_import_meta_url", __PERFGATE_BUNDLE__: "true" },
  banner: { js: "const __perfgate_import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
};

/** The artifact command stays out of the main bundle: its import becomes a require of the chunk. */
const artifactChunk = {
  name: "perfgate-artifact-chunk",
  setup(b) {
    b.onResolve({ filter: /^@perfgate\/artifact-client\/cli$/ }, () => ({
      path: "./perfgate-artifact.cjs",
      external: true,
    }));
  },
};

/**
 * zod's classic build re-exports every message locale (`z.locales`, ~40 languages, a third of the
 * bundle); perfgate formats its own messages and only uses the English default zod installs.
 */
const zodEnglishOnly = {
  name: "zod-english-only",
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]/.test(args.importer)
        ? { path: path.join(path.dirname(args.importer), "..", "locales", "en.js"), namespace: "zod-en" }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "zod-en" }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      resolveDir: ".",
    }));
  },
};

/**
 * yargs reads the package.json it finds above the working directory (to guess a version, at
 * start-up, for every command) with a plain readFileSync: a FIFO there hung perfgate, a device
 * never ended. Its platform shim gets read-input.ts's readRegularFileSync instead (yargs ignores
 * a failed read); the build fails if the shim is not found or no longer imports readFileSync so.
 */
const yargsRegularReads = {
  name: "yargs-regular-reads",
  setup(b) {
    let patched = false;
    b.onEnd((result) => {
      if (!patched && result.errors.length === 0) throw new Error("yargs' platform shim (esm.mjs) was not bundled");
    });
    b.onLoad({ filter: /[\\/]yargs[\\/]lib[\\/]platform-shims[\\/]esm\.mjs$/ }, async (args) => {
      const source = await readFile(args.path, "utf8");
      const from = "import { readFileSync, readdirSync } from 'node:fs'";
      if (!source.includes(from)) throw new Error(`${args.path}: expected \`${from}\` (yargs changed?)`);
      const safe = JSON.stringify(path.resolve("src/read-input.ts"));
      const to = `import { readdirSync } from 'node:fs'\nimport { readRegularFileSync as readFileSync } from ${safe}`;
      patched = true;
      return { contents: source.replace(from, to), loader: "js", resolveDir: path.dirname(args.path) };
    });
  },
};

await Promise.all([
  build({
    ...common,
    entryPoints: ["src/cli/main.ts"],
    outfile: "dist/perfgate.cjs",
    plugins: [artifactChunk, zodEnglishOnly, yargsRegularReads],
  }),
  build({
    ...common,
    entryPoints: ["src/cli/artifact-entry.ts"],
    outfile: "dist/perfgate-artifact.cjs",
    plugins: [yargsRegularReads],
  }),
]);
