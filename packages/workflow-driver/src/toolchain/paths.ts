import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The monorepo root: the nearest directory above this file holding pnpm-workspace.yaml. */
export function findRepoRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, "pnpm-workspace.yaml"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no pnpm-workspace.yaml above ${from}`);
    dir = parent;
  }
}

/** Project-local tools folder: `<repo>/.perfgate`, or env PERFGATE_HOME. */
export function perfgateHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.PERFGATE_HOME ? resolve(env.PERFGATE_HOME) : join(findRepoRoot(), ".perfgate");
}

export interface ToolPaths {
  home: string;
  toolsDir: string;
  act: string;
  dockerdLog: string;
  locksDir: string;
  runnerDir: string;
}

export function toolPaths(home: string): ToolPaths {
  return {
    home,
    toolsDir: join(home, "tools"),
    act: join(home, "tools", "act"),
    dockerdLog: join(home, "dockerd.log"),
    locksDir: join(home, "locks"),
    runnerDir: join(home, "runner"),
  };
}

/** The runner image recipe shipped in the repository. */
export function runnerRecipeDir(): string {
  return join(findRepoRoot(), "docker", "runner");
}
