import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** A stand-in action: `uses:` as workflows write it, and the directory holding its action.yml. */
export interface StandIn {
  /** `owner/repo@ref`, exactly as workflows write it in `uses:`. */
  uses: string;
  /** Absolute directory of the action (action.yml, dist/index.cjs). */
  dir: string;
}

export interface StandInInfo extends StandIn {
  /** The real release whose inputs, defaults, outputs and messages the stand-in reproduces. */
  matches: string;
}

/** `actions/` of this package: one directory per stand-in, named `<owner>__<repo>__<major>`. */
export const standInsDir: string = join(dirname(fileURLToPath(import.meta.url)), "..", "actions");

const CATALOGUE: readonly (readonly [uses: string, matches: string])[] = [
  ["dawidd6/action-download-artifact@v3", "dawidd6/action-download-artifact v3.1.4"],
  ["dawidd6/action-download-artifact@v21", "dawidd6/action-download-artifact v21 (current major)"],
  ["actions/upload-artifact@v4", "actions/upload-artifact v4.6.2 (@actions/artifact 2.3.2)"],
  ["actions/upload-artifact@v6", "actions/upload-artifact v6.0.0 (@actions/artifact 5.0.1)"],
  ["actions/upload-artifact@v7", "actions/upload-artifact v7.0.0 (@actions/artifact 6.2.1)"],
  ["actions/download-artifact@v4", "actions/download-artifact v4.3.0 (@actions/artifact 2.3.2)"],
  ["actions/download-artifact@v8", "actions/download-artifact v8.0.1 (@actions/artifact 6.2.1)"],
  [
    "mamba-org/setup-micromamba@v2",
    "mamba-org/setup-micromamba v2.0.7 inputs and outputs (offline: nothing installed)",
  ],
  ["actions/setup-node@v4", "actions/setup-node v4.4.0 inputs and outputs (offline: the runner image's Node)"],
];

/** `owner/repo@vN` -> `owner__repo__vN`. */
export function standInDirName(uses: string): string {
  const [action = "", ref = ""] = uses.split("@");
  return `${action.replace("/", "__")}__${ref}`;
}

/** Every stand-in this package ships, with the real release it matches; each is built by `pnpm build`. */
export function standInCatalogue(): StandInInfo[] {
  return CATALOGUE.map(([uses, matches]) => ({ uses, matches, dir: join(standInsDir, standInDirName(uses)) }));
}

/** The stand-ins a run maps with `--local-repository` unless told otherwise. */
export function defaultStandIns(): StandIn[] {
  return standInCatalogue().map(({ uses, dir }) => ({ uses, dir }));
}

/** The bundle act runs for a stand-in (`runs.main` of its action.yml). */
export function standInBundle(uses: string): string {
  return join(standInsDir, standInDirName(uses), "dist", "index.cjs");
}
