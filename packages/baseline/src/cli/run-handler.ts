import { guard } from "@perfgate/cli-kit";
import { reportOptions } from "./common.ts";
import { stopOnSignals } from "./stop.ts";

/**
 * Run a command handler (the one guard of @perfgate/cli-kit): a failure is one message, a remedy
 * and exit 2; a signal stops it with everything it started (stop.ts).
 */
export function run<A extends { json: boolean }>(
  handler: (args: A) => Promise<number>,
  level: "error" | "warning" = "error",
) {
  return guard<A>(
    (args) => reportOptions(args.json, level),
    (args) => {
      stopOnSignals(args.json);
      return handler(args);
    },
  );
}
