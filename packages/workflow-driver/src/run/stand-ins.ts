import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { StandIn } from "./types.ts";

/** `stand-ins/` of this package (directories are named `<owner>__<repo>`). */
export function standInsRoot(): string {
  return join(dirname(fileURLToPath(import.meta.url)), "..", "..", "stand-ins");
}

const DEFAULT_USES = [
  "dawidd6/action-download-artifact@v3",
  "actions/upload-artifact@v4",
  "actions/download-artifact@v4",
  "mamba-org/setup-micromamba@v2",
  "actions/setup-node@v4",
] as const;

/** The stand-ins shipped with the driver; each must have been built (`pnpm build`). */
export function defaultStandIns(): StandIn[] {
  return DEFAULT_USES.map((uses) => ({ uses, dir: join(standInsRoot(), uses.split("@")[0]!.replace("/", "__")) }));
}

/**
 * What is wrong with stand-ins a run is about to use: no action.yml, or a node action whose
 * bundle was never built (act would only fail inside the container, far from the cause).
 */
export function standInProblems(standIns: StandIn[]): string[] {
  const problems: string[] = [];
  for (const s of standIns) {
    if (!existsSync(join(s.dir, "action.yml"))) problems.push(`${s.uses}: ${s.dir} has no action.yml`);
    else if (isBundledStandIn(s.dir) && !existsSync(join(s.dir, "dist", "index.cjs"))) {
      problems.push(`${s.uses}: ${join(s.dir, "dist", "index.cjs")} is missing`);
    }
  }
  return problems;
}

/** Our own stand-ins are built from src/ into dist/; a caller's may be anything. */
function isBundledStandIn(dir: string): boolean {
  return existsSync(join(dir, "src", "main.ts"));
}
