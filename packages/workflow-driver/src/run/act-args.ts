import { RUNNER_LABELS } from "./preflight.ts";
import type { StandIn } from "./types.ts";

export interface ActInvocation {
  args: string[];
  env: Record<string, string>;
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
  /** An empty file: act would otherwise read .env/.secrets/.vars/.input from the repository. */
  emptyFile: string;
}

export const RUN_LABEL_KEY = "dev.perfgate.run";

/**
 * The act command line for one offline run. Secret values are not on the command line:
 * `-s NAME` makes act read them from its environment, so they never show up in `ps`.
 */
export function buildActInvocation(input: ActArgsInput): ActInvocation {
  const args = [input.event, "-W", input.workflowFile, "-e", input.eventFile];
  if (input.job) args.push("-j", input.job);
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
    input.emptyFile,
    "--secret-file",
    input.emptyFile,
    "--var-file",
    input.emptyFile,
    "--input-file",
    input.emptyFile,
  );
  for (const s of input.standIns) args.push("--local-repository", `${s.uses}=${s.dir}`);
  for (const [k, v] of Object.entries(input.env)) args.push("--env", `${k}=${v}`);
  for (const k of Object.keys(input.secrets)) args.push("-s", k);
  const env: Record<string, string> = {
    HOME: input.home,
    XDG_CONFIG_HOME: `${input.home}/.config`,
    XDG_CACHE_HOME: `${input.home}/.cache`,
    XDG_DATA_HOME: `${input.home}/.local/share`,
    XDG_STATE_HOME: `${input.home}/.local/state`,
    ACT_DISABLE_VERSION_CHECK: "1",
    ...input.secrets,
  };
  return { args, env };
}
