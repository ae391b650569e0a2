import fs from "node:fs";
import path from "node:path";
import { type ReportOptions, reportError as reportCliError } from "@perfgate/cli-kit";
import { UsageError } from "../errors.ts";
import { annotation } from "../report/github.ts";

export const EXIT = { ok: 0, regression: 1, unusable: 2 } as const;

export interface GlobalArgs {
  C?: string;
  json?: boolean;
}

export function inGitHubActions(env: NodeJS.ProcessEnv = process.env): boolean {
  return env["GITHUB_ACTIONS"] === "true";
}

/** The project directory (`-C DIR`, as `git -C`); every relative path is resolved against it. */
export function projectRoot(args: GlobalArgs): string {
  const root = path.resolve(args.C ?? ".");
  if (args.C === undefined) return root;
  let stats: fs.Stats;
  try {
    stats = fs.statSync(root);
  } catch {
    throw new UsageError(
      `-C ${args.C} does not exist`,
      "point -C at the project directory (the one with perfgate.config.json)",
    );
  }
  if (!stats.isDirectory())
    throw new UsageError(
      `-C ${args.C} is not a directory`,
      "point -C at the project directory (the one with perfgate.config.json), not at a file in it",
    );
  return root;
}

export function out(line = ""): void {
  process.stdout.write(`${line}\n`);
}

export function err(line = ""): void {
  process.stderr.write(`${line}\n`);
}

/** Parse `30d`, `12h`, `90m`, `2w`, `45s` (a bare number means days); `0`/`off` disables. */
export function parseDuration(text: string): number | undefined {
  const t = text.trim().toLowerCase();
  if (t === "off" || t === "none" || t === "0") return undefined;
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)?$/.exec(t);
  if (!m) throw new UsageError(`--max-age "${text}" is not a duration`, "write it like 30d, 12h, 90m or 2w (or off)");
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[(m[2] ?? "d") as "d"];
  return Number(m[1]) * unit;
}

/** `--threshold 10` (percent) as a fraction. */
export function parseThreshold(value: number): number {
  if (!Number.isFinite(value) || value <= 0 || value >= 1000) {
    throw new UsageError(
      `--threshold ${value} is out of range`,
      "give the allowed slowdown in percent, e.g. --threshold 10 for 10%",
    );
  }
  return value / 100;
}

/**
 * A count of rounds (`--runs`, `--repeat`): `value` as given, else `fallback`. `flag` names the
 * option in the message; `fallbackFrom` says where the fallback came from (a baseline's
 * settings.runs), so a bad one is blamed on its source, not on an option nobody gave.
 */
export function parseRuns(
  value: number | undefined,
  fallback: number,
  { flag = "--runs", fallbackFrom }: { flag?: string; fallbackFrom?: string } = {},
): number {
  const runs = value ?? fallback;
  if (Number.isInteger(runs) && runs >= 1 && runs <= 1000) return runs;
  if (value === undefined)
    throw new UsageError(
      `no ${flag} given, and ${fallbackFrom ?? "its default"} (${fallback}) is not a whole number from 1 to 1000`,
      `pass ${flag}, e.g. ${flag} 3`,
    );
  throw new UsageError(`${flag} ${value} must be a whole number from 1 to 1000`, `e.g. ${flag} 3`);
}

/**
 * How perfgate reports an error (the one CLI contract of @perfgate/cli-kit: `perfgate: error:` +
 * `  remedy:`, with --json the one JSON error line, exit 2), plus a GitHub annotation in Actions.
 * `level` is the annotation's: `validate` uses "warning" because a missing or unusable baseline is
 * the expected road to the documented fallback, not a failed job.
 */
export function reportOptions(
  json: boolean | undefined,
  level: "error" | "warning" = "error",
  env: NodeJS.ProcessEnv = process.env,
): ReportOptions {
  return {
    cli: "perfgate",
    json,
    onReported: ({ message, remedy }) => {
      if (inGitHubActions(env)) err(annotation(level, "perfgate", `${message} (remedy: ${remedy})`));
    },
  };
}

/** Print a PerfgateError (or an unexpected one, as a bug) with its remedy; returns exit code 2. */
export function reportError(
  error: unknown,
  json: boolean | undefined,
  level: "error" | "warning" = "error",
  env: NodeJS.ProcessEnv = process.env,
): number {
  return reportCliError(error, reportOptions(json, level, env));
}
