import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Build dist/perfgate.cjs once so tests exercise the bundle that ships, not a stale one. */
export default function setup(): void {
  const pkg = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
  execFileSync(process.execPath, ["build.mjs"], { cwd: pkg, stdio: "inherit" });
}
