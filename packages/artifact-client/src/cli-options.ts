import { z } from "zod";
import { InvalidOptions } from "./errors.ts";
import type { TimeoutOptions } from "./options.ts";

/**
 * Numeric CLI flags arrive as strings (yargs' `number` turns "abc" into NaN and 0 reads as
 * "not given" to a truthiness check): each is parsed here, and a bad one is a usage error
 * naming the flag and the value, with a remedy saying what the flag takes, before anything runs.
 * (The flags that go straight into an API field, --artifact-id, --retention-days and
 * --compression-level, are checked while parsing by cli-kit's numberOption, in cli.ts.)
 */
type Kind<T> = { schema: z.ZodType<T>; takes: string };

/** A flag's text that must match `pattern` (else `message`), as a number. */
const numeric = (pattern: RegExp, message: string) => z.string().trim().regex(pattern, message).transform(Number);

const wholePositive: Kind<number> = {
  schema: numeric(/^\d+$/, "must be a whole number").pipe(
    z.number().int().min(1, "must be at least 1").max(Number.MAX_SAFE_INTEGER, "is too large"),
  ),
  takes: "a whole number of at least 1",
};
const seconds: Kind<number> = {
  schema: numeric(/^\d+(\.\d+)?$/, "must be a number of seconds, e.g. 30 or 0.5").pipe(
    z
      .number()
      .positive("must be more than 0 seconds")
      .max(7 * 24 * 3600, "is more than a week"),
  ),
  takes: "a number of seconds above 0 and at most a week (604800), e.g. 30 or 0.5",
};
const secondsOrZero: Kind<number> = {
  schema: numeric(/^\d+(\.\d+)?$/, "must be a number of seconds, e.g. 60 (0: never wait)").pipe(
    z
      .number()
      .min(0)
      .max(7 * 24 * 3600, "is more than a week"),
  ),
  takes: "a number of seconds from 0 (never wait) to a week (604800), e.g. 60",
};
const bytesPerSecond: Kind<number> = {
  schema: numeric(/^\d+$/, "must be a whole number of bytes per second (0: no minimum)"),
  takes: "a whole number of bytes per second, e.g. 1024 (0: no minimum)",
};
const retryCount: Kind<number> = {
  schema: numeric(/^\d+$/, "must be a whole number from 0 to 10").pipe(
    z.number().max(10, "must be a whole number from 0 to 10"),
  ),
  takes: "a whole number from 0 to 10, e.g. 3",
};

const ms = (s: number) => Math.max(1, Math.round(s * 1000));

function flag<T>(kind: Kind<T>, name: string, value: unknown): T | undefined {
  if (value === undefined) return undefined;
  const remedy = `Give --${name} ${kind.takes}; nothing was run or written (\`perfgate artifact <command> --help\` lists the flags).`;
  // An option given twice arrives as an array: ambiguous, so refused.
  if (Array.isArray(value))
    throw new InvalidOptions(`--${name} was given ${value.length} times; give it once.`, remedy);
  const raw = String(value);
  const res = kind.schema.safeParse(raw);
  if (res.success) return res.data;
  throw new InvalidOptions(`--${name} ${JSON.stringify(raw)} ${res.error.issues[0]?.message ?? "is invalid"}.`, remedy);
}

export const numericFlagNames = [
  "retries",
  "max-entries",
  "max-bytes",
  "connect-timeout",
  "idle-timeout",
  "request-timeout",
  "download-timeout",
  "min-speed",
  "max-wait",
] as const;

/** `upload --timeout` in ms. */
export function uploadTimeoutFrom(argv: Record<string, unknown>): number | undefined {
  const s = flag(seconds, "timeout", argv.timeout);
  return s === undefined ? undefined : ms(s);
}

/** The download limits of `--max-entries` / `--max-bytes`. */
export function limitsFrom(argv: Record<string, unknown>): { maxEntries?: number; maxTotalBytes?: number } {
  const maxEntries = flag(wholePositive, "max-entries", argv["max-entries"]);
  const maxTotalBytes = flag(wholePositive, "max-bytes", argv["max-bytes"]);
  return { ...(maxEntries ? { maxEntries } : {}), ...(maxTotalBytes ? { maxTotalBytes } : {}) };
}

/** Timeouts and the longest wait from their flags (seconds on the command line, ms in the API). */
export function networkFrom(argv: Record<string, unknown>): {
  timeouts: TimeoutOptions;
  maxWaitMs?: number;
  retries?: number;
} {
  const timeouts: TimeoutOptions = {};
  const connect = flag(seconds, "connect-timeout", argv["connect-timeout"]);
  const idle = flag(seconds, "idle-timeout", argv["idle-timeout"]);
  const request = flag(seconds, "request-timeout", argv["request-timeout"]);
  const download = flag(seconds, "download-timeout", argv["download-timeout"]);
  const minSpeed = flag(bytesPerSecond, "min-speed", argv["min-speed"]);
  const maxWait = flag(secondsOrZero, "max-wait", argv["max-wait"]);
  if (connect !== undefined) timeouts.connectMs = ms(connect);
  if (idle !== undefined) timeouts.idleMs = ms(idle);
  if (request !== undefined) timeouts.requestMs = ms(request);
  if (download !== undefined) timeouts.downloadMs = ms(download);
  if (minSpeed !== undefined) timeouts.minBytesPerSecond = minSpeed;
  const retries = flag(retryCount, "retries", argv.retries);
  return {
    timeouts,
    ...(maxWait !== undefined ? { maxWaitMs: Math.round(maxWait * 1000) } : {}),
    ...(retries !== undefined ? { retries } : {}),
  };
}
