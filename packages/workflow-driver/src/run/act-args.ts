import { RUNNER_LABELS } from "./preflight.ts";
import type { StandIn } from "./types.ts";

export interface ActInvocation {
  args: string[];
  /** Environment of the act process itself (isolated HOME, secret values). */
  env: Record<string, string>;
  /** Contents for the file given to `--env-file` (the run's env values, tokens included). */
  envFile: string;
}

export interface ActArgsInput {
  event: string;
  workflowFile: string;
  job?: string;
  eventFile: string;
  image: string;
  /** Label every job container carries, so this run's containers can be found and removed. */
  runLabel: string;
  standIns: StandIn[];
  /** `--env` values (GITHUB_*, ACTIONS_*, the caller's env). */
  env: Record<string, string>;
  secrets: Record<string, string>;
  /** Isolated HOME; XDG dirs live under it. */
  home: string;
  /** An empty file: act would otherwise read .secrets/.vars/.input from the repository. */
  emptyFile: string;
  /** Where the caller writes `envFile` (0600). */
  envFilePath: string;
  /** act's `--reuse`: it then leaves even a successful job's container in place. */
  keepContainers?: boolean;
}

export const RUN_LABEL_KEY = "dev.perfgate.run";

/**
 * The act command line for one offline run. No token is on the command line (where `ps` and
 * logs would show it): env values go through `--env-file`, and `-s NAME` makes act read a
 * secret's value from its own environment.
 */
export function buildActInvocation(input: ActArgsInput): ActInvocation {
  const args = [input.event, "-W", input.workflowFile, "-e", input.eventFile];
  if (input.job) args.push("-j", input.job);
  if (input.keepContainers) args.push("--reuse");
  for (const label of RUNNER_LABELS) args.push("-P", `${label}=${input.image}`);
  args.push(
    "--pull=false",
    "--network",
    "host",
    "--container-daemon-socket",
    "-",
    "--no-cache-server",
    "--action-offline-mode",
    "--json",
    "--container-options",
    `--label ${RUN_LABEL_KEY}=${input.runLabel}`,
    "--env-file",
    input.envFilePath,
    "--secret-file",
    input.emptyFile,
    "--var-file",
    input.emptyFile,
    "--input-file",
    input.emptyFile,
  );
  for (const s of input.standIns) args.push("--local-repository", `${s.uses}=${s.dir}`);
  const lines: string[] = [];
  for (const [k, v] of Object.entries(input.env)) {
    // dotenv single quotes are literal; a value they cannot hold goes on the command line.
    if (/['\n\r]/.test(v)) args.push("--env", `${k}=${v}`);
    else lines.push(`${k}='${v}'`);
  }
  // act prompts on the terminal for a secret whose value is empty, so an empty one is spelled out.
  for (const [k, v] of Object.entries(input.secrets)) args.push("-s", v === "" ? `${k}=` : k);
  const env: Record<string, string> = {
    HOME: input.home,
    XDG_CONFIG_HOME: `${input.home}/.config`,
    XDG_CACHE_HOME: `${input.home}/.cache`,
    XDG_DATA_HOME: `${input.home}/.local/share`,
    XDG_STATE_HOME: `${input.home}/.local/state`,
    ACT_DISABLE_VERSION_CHECK: "1",
    ...input.secrets,
  };
  return { args, env, envFile: lines.length ? `${lines.join("\n")}\n` : "" };
}
