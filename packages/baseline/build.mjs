// Single-file CLI bundle for places without node_modules (the runner container):
// CJS so it runs as `node perfgate.cjs` regardless of the host package's "type".
import { build } from "esbuild";

await build({
  entryPoints: ["src/cli/main.ts"],
  outfile: "dist/perfgate.cjs",
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  minify: false,
  legalComments: "none",
  logLevel: "warning",
  // yargs' ESM shim reads import.meta.url, which CJS output lacks: supply it.
  // __PERFGATE_BUNDLE__: module-benchmark workers are this same file started again (measure/bench-worker.ts).
  define: { "import.meta.url": "__perfgate_import_meta_url", __PERFGATE_BUNDLE__: "true" },
  banner: { js: "const __perfgate_import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
});
