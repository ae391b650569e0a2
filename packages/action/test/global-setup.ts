import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Build the CLI and the action once, so tests run the files a release ships. */
export default function setup(): void {
  const pkg = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
  execFileSync(process.execPath, ["build.mjs"], { cwd: path.join(pkg, "..", "baseline"), stdio: "inherit" });
  execFileSync(process.execPath, ["build.mjs"], { cwd: pkg, stdio: "inherit" });
}
