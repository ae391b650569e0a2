import { shellQuote } from "../harness/types.ts";
import { type Need, shown } from "./proposal.ts";
import type { Scan } from "./scan.ts";

/** The install command for the package in `dir` by its lockfile, run from the tree's root. */
function installIn(scan: Scan, dir: string): { command: string; needs: Need[]; note?: string } {
  const has = (f: string) => scan.files.includes(dir ? `${dir}/${f}` : f);
  const at = (cmd: string) => (dir ? `(cd ${shellQuote(dir)} && ${cmd})` : cmd);
  const where = dir ? ` in ${shown(dir)}/` : "";
  if (has("pnpm-lock.yaml")) return { command: at("pnpm install --frozen-lockfile"), needs: ["corepack"] };
  if (has("yarn.lock")) return { command: at("yarn install --frozen-lockfile"), needs: ["corepack"] };
  if (has("package-lock.json") || has("npm-shrinkwrap.json")) return { command: at("npm ci"), needs: [] };
  return {
    command: at("npm install --no-audit --no-fund"),
    needs: [],
    note: `no lockfile${where}: \`npm install\` resolves dependency versions anew in each tree, so a dependency release can look like a change; commit a package-lock.json and use \`npm ci\``,
  };
}

/**
 * The dependency installs the Node entries need, one per package folder they run in (the root's
 * install covers a workspace's packages).
 */
export async function nodeInstall(
  scan: Scan,
  dirs: string[],
): Promise<{ commands: string[]; needs: Need[]; notes: string[] }> {
  const rootPkg = await scan.read("package.json");
  const workspace = /"workspaces"\s*:/.test(rootPkg) || scan.files.includes("pnpm-workspace.yaml");
  const wanted = new Set<string>();
  for (const dir of dirs) wanted.add(dir !== "" && rootPkg && workspace ? "" : dir);
  const commands: string[] = [];
  const needs: Need[] = [];
  const notes: string[] = [];
  for (const dir of [...wanted].sort()) {
    if (!scan.files.includes(dir ? `${dir}/package.json` : "package.json")) continue;
    const i = installIn(scan, dir);
    commands.push(i.command);
    needs.push(...i.needs);
    if (i.note) notes.push(i.note);
  }
  return { commands, needs, notes };
}
