import { existsSync } from "node:fs";
import { join } from "node:path";
import type { StandIn } from "./types.ts";

// The stand-in actions live in @perfgate/stand-ins, which builds them; the driver only maps them.
export { defaultStandIns, standInsDir } from "@perfgate/stand-ins";

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
