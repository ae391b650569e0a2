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

/** Stand-ins whose bundle is missing, so a run would fail inside the container. */
export function unbuiltStandIns(standIns: StandIn[]): StandIn[] {
  return standIns.filter((s) => existsSync(join(s.dir, "action.yml")) && !existsSync(join(s.dir, "dist", "index.cjs")));
}
