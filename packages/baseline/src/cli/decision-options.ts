import { DEFAULT_COMMAND_NOISE_FLOOR_MS } from "../defaults.ts";
import { numberOption, thresholdOption } from "./usage.ts";

/** The options check and compare share, as yargs parses them. */
export interface DecisionArgv {
  C?: string;
  json: boolean;
  threshold?: number;
  verbose: boolean;
  "max-age"?: string;
  "allow-new": boolean;
  "allow-missing": boolean;
  "noise-floor-ms"?: number;
}

/** The options check and compare share, from yargs' names to the commands' own. */
export function decisionArgs(a: DecisionArgv) {
  return {
    C: a.C,
    json: a.json,
    threshold: a.threshold ?? 10, // yargs' default; undefined only to the type checker
    verbose: a.verbose,
    maxAge: a["max-age"],
    allowNew: a["allow-new"],
    allowMissing: a["allow-missing"],
    noiseFloorMs: a["noise-floor-ms"],
  };
}

/** Their yargs definitions. */
export const decisionOptions = {
  // type "string": the coerce function gets what was typed; yargs would turn "abc" into NaN and
  // "0x10" into 16 before it.
  threshold: {
    type: "string",
    requiresArg: true,
    default: 10,
    coerce: thresholdOption(),
    describe:
      "allowed slowdown in percent: 10 or 10% (a bare number under 1 is refused: 0.1 would be 0.1%, not 10%; write 0.5% for half a percent)",
  },
  verbose: {
    type: "boolean",
    default: false,
    describe: "print each benchmark's ratio, interval, p-values and samples",
  },
  "allow-new": {
    type: "boolean",
    default: false,
    describe: "benchmarks missing from the baseline are a warning, not exit 2",
  },
  "allow-missing": {
    type: "boolean",
    default: false,
    describe: "baseline benchmarks not measured now are a warning, not exit 2",
  },
  "noise-floor-ms": {
    type: "string",
    requiresArg: true,
    default: DEFAULT_COMMAND_NOISE_FLOOR_MS,
    coerce: numberOption("--noise-floor-ms", "--noise-floor-ms 2"),
    describe: "command benchmarks: a slowdown must also exceed this many ms (process start-up jitter)",
  },
} as const;
