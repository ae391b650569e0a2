import { perfgateHome, runnerRecipeDir, type ToolPaths, toolPaths } from "./paths.ts";

export interface ToolchainOptions {
  /** Receives one human-readable line per step. */
  onProgress?: (msg: string) => void;
  /** Environment used to find tools (PATH), the engine (DOCKER_HOST) and the tools folder (PERFGATE_HOME). */
  env?: NodeJS.ProcessEnv;
  /** Effective user id; installing packages, starting dockerd and debootstrap need 0. */
  uid?: number;
  /** Tools folder; defaults to `perfgateHome(env)`. */
  home?: string;
  /** Directories searched for `go` after PATH (Go's tarball installs to /usr/local/go/bin). */
  extraGoDirs?: string[];
  /** Runner image recipe folder; defaults to `<repo>/docker/runner`. */
  recipeDir?: string;
  /** How long to wait for a freshly started dockerd to answer. */
  dockerdStartTimeoutMs?: number;
}

/** Resolved options shared by the provisioning steps. */
export interface ToolchainContext {
  progress: (msg: string) => void;
  env: NodeJS.ProcessEnv;
  uid: number;
  paths: ToolPaths;
  extraGoDirs: string[];
  recipeDir: string;
  dockerdStartTimeoutMs: number;
}

export function createContext(opts: ToolchainOptions = {}): ToolchainContext {
  const env = opts.env ?? process.env;
  return {
    progress: opts.onProgress ?? (() => {}),
    env,
    uid: opts.uid ?? process.getuid?.() ?? -1,
    paths: toolPaths(opts.home ?? perfgateHome(env)),
    extraGoDirs: opts.extraGoDirs ?? ["/usr/local/go/bin"],
    recipeDir: opts.recipeDir ?? runnerRecipeDir(),
    dockerdStartTimeoutMs: opts.dockerdStartTimeoutMs ?? 60_000,
  };
}
