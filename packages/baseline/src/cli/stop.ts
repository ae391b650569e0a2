import { exitOnStopSignals } from "@perfgate/cli-kit";
import { PerfgateError } from "../errors.ts";
import { killLiveGroups } from "../measure/process-group.ts";
import { reportError } from "./common.ts";

let installed = false;

/**
 * SIGINT, SIGTERM or SIGHUP stop perfgate at once, whatever the command: every process group it
 * started (benchmark commands with all they started, module-benchmark workers, git) is SIGKILLed,
 * the error is reported the cli-kit way, and it exits 128 + the signal's number (130, 143, 129).
 * Exiting runs the "exit" handlers, which remove what was temporary (paired mode's base worktree).
 * Installed once per process.
 */
export function stopOnSignals(json: boolean | undefined): void {
  if (installed) return;
  installed = true;
  exitOnStopSignals((signal) => {
    const killed = killLiveGroups();
    const what = killed > 0 ? `; the ${killed} process group(s) it had started were killed` : "";
    reportError(
      new PerfgateError(
        "INTERRUPTED",
        `stopped by ${signal} before it finished${what}`,
        "run the command again and let it finish: a stopped run decides nothing",
      ),
      json,
    );
  });
}
