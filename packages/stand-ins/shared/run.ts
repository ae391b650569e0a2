import * as core from "@actions/core";

/** Runs an action's main function; any thrown error fails the step with `prefix + message`. */
export function runAction(main: () => Promise<void>, prefix = ""): void {
  main().catch((err: unknown) => core.setFailed(`${prefix}${err instanceof Error ? err.message : String(err)}`));
}
