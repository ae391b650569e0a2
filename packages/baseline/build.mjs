// The CLI as CommonJS bundles for places without node_modules (the runner container, the npm
// package): CJS so they run as `node perfgate.cjs` whatever the host package's "type".
//   dist/perfgate.cjs           every command but `artifact`: perfgate's code, yargs, zod, execa
//   dist/perfgate-artifact.cjs  `perfgate artifact`, loaded on demand: @actions/artifact, Octokit, Azure
// Split because the artifact half is ~6 MB that `--version`, `establish` and `check` never use.
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
  define: { "import.meta.url": "__perfgate_import_meta_url" },
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

await Promise.all([
  build({
    ...common,
    entryPoints: ["src/cli/main.ts"],
    outfile: "dist/perfgate.cjs",
    plugins: [artifactChunk, zodEnglishOnly],
  }),
  build({ ...common, entryPoints: ["src/cli/artifact-entry.ts"], outfile: "dist/perfgate-artifact.cjs" }),
]);
