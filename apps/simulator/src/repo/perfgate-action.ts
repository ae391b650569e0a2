import { existsSync } from "node:fs";
import { cp, mkdir, readFile, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { findRepoRoot, type StandIn } from "@perfgate/workflow-driver";
import { parse } from "yaml";
import { SimulatorError } from "../errors.ts";
import { paths } from "../paths.ts";

/**
 * This repository's own action (root action.yml) as the action every `uses: perfgate/perfgate@<ref>`
 * of the user's workflow runs. act copies a `--local-repository` directory into each job container,
 * so the mapped directory holds the action's files only (action.yml and what runs.* point to),
 * not the whole monorepo with its node_modules.
 */
export async function perfgateActionStandIns(refs: string[], stageDir: string): Promise<StandIn[]> {
  if (refs.length === 0) return [];
  const root = findRepoRoot(paths.appDir);
  const actionFile = join(root, "action.yml");
  if (!existsSync(actionFile)) {
    throw new SimulatorError(
      "ACTION_NOT_BUILT",
      `the workflow uses ${refs.join(", ")}, but this checkout of perfgate has no action.yml at ${root}`,
      "Update perfgate (the action ships in its repository root), or call the CLI in a run: step (`node tools/perfgate.cjs check`).",
    );
  }
  let runs: Record<string, unknown>;
  try {
    const doc = parse(await readFile(actionFile, "utf8")) as { runs?: Record<string, unknown> };
    runs = doc.runs ?? {};
  } catch (err) {
    throw new SimulatorError(
      "ACTION_NOT_BUILT",
      `${actionFile} is not valid YAML: ${(err as Error).message}`,
      "Restore action.yml from git.",
    );
  }
  await rm(stageDir, { recursive: true, force: true });
  await mkdir(stageDir, { recursive: true });
  await cp(actionFile, join(stageDir, "action.yml"));
  for (const key of ["pre", "main", "post"]) {
    const rel = runs[key];
    if (typeof rel !== "string") continue;
    const file = join(root, rel);
    if (!existsSync(file)) {
      throw new SimulatorError(
        "ACTION_NOT_BUILT",
        `perfgate's action runs ${rel} (runs.${key} of ${actionFile}), which is not built`,
        "Build it with `pnpm build` (./dev.sh does this for you).",
      );
    }
    // The entry's directory goes along whole: a bundle may load chunks or assets beside it.
    const dir = dirname(rel);
    if (dir === ".") await cp(file, join(stageDir, rel));
    else await cp(join(root, dir), join(stageDir, dir), { recursive: true });
  }
  return refs.map((uses) => ({ uses, dir: stageDir }));
}
