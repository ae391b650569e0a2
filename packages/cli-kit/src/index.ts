/**
 * The one error and exit contract of perfgate's command-line tools (`perfgate`, `perfgate
 * artifact`, `mock-github`, `toolchain`, `simulate`, `simulate run`):
 *
 * - exit 0 done; 1 the gate or check failed as designed (a regression, a failed checklist, a part
 *   not ready, nothing found); 2 unusable input or environment (bad arguments, a missing or corrupt
 *   file, a refused request: every reported error); stopped by a signal: 128 + the signal's
 *   number, as a shell reports it (130 SIGINT, 143 SIGTERM, 129 SIGHUP; `signalExitCode`), and an
 *   INTERRUPTED error reported without its signal is 130.
 * - an error is two lines on stderr: `<cli>: error: <message>` and `  remedy: <what to do>`;
 *   with `--json`, stdout also carries one line `{"error":{"code","message","remedy"}}`.
 * - an error without a `code` and a `remedy` is a bug: code INTERNAL, its stack on stderr.
 *
 * Nothing here imports yargs at run time (types only): `perfgate --version` stays fast.
 */
import { constants } from "node:os";
import type { ArgumentsCamelCase, Argv, CommandModule } from "yargs";

export const EXIT = { ok: 0, failed: 1, error: 2, interrupted: 130 } as const;

/** The fields every package's error classes carry (each package owns its own error module). */
export interface ErrorFields {
  code: string;
  message: string;
  remedy: string;
}

/** What a CLI prints on stdout for an error with `--json`: the one JSON error shape. */
export interface ErrorDocument {
  error: ErrorFields;
}

/** Error codes that mean "stopped by a signal" (artifact-client's and workflow-driver's). */
const INTERRUPTED = new Set(["INTERRUPTED", "RUN_ABORTED"]);

/** Environment variables whose values are tokens: never printed, whatever a message holds. */
const TOKEN_ENV = ["GITHUB_TOKEN", "GH_TOKEN", "ACTIONS_RUNTIME_TOKEN"];

export interface ReportOptions {
  /** The command's name as the user typed it: `perfgate`, `simulate run`, ... */
  cli: string;
  /** Also print the JSON error document on stdout. */
  json?: boolean | undefined;
  stdout?: (s: string) => void;
  stderr?: (s: string) => void;
  /** More values to blank out (e.g. a `--token` given on the command line). */
  secrets?: readonly (string | undefined)[];
  /** Called after printing, e.g. to add a GitHub annotation. */
  onReported?: (fields: ErrorFields) => void;
}

function isReportable(error: unknown): error is Error & { code: string; remedy: string } {
  const e = error as { code?: unknown; remedy?: unknown } | null;
  return error instanceof Error && typeof e?.code === "string" && typeof e.remedy === "string" && e.remedy !== "";
}

/** The contract's three fields of any thrown value; `known` is false for a bug (no code or remedy). */
export function errorFields(error: unknown, cli: string): ErrorFields & { known: boolean } {
  if (isReportable(error)) return { code: error.code, message: error.message, remedy: error.remedy, known: true };
  const message = error instanceof Error ? error.message : String(error);
  return {
    code: "INTERNAL",
    message: `unexpected error: ${message}`,
    remedy: `this is a bug in ${cli}; please report it with the command line you ran`,
    known: false,
  };
}

function redactor(secrets: readonly (string | undefined)[] = []): (s: string) => string {
  const values = [...secrets, ...TOKEN_ENV.map((name) => process.env[name])].filter(
    (v): v is string => typeof v === "string" && v.length >= 4,
  );
  return (s) => values.reduce((text, v) => text.split(v).join("***"), s);
}

/**
 * Print an error the one way (see the file's comment) and return its exit code: 2, or 130 when
 * it says the command was stopped by a signal.
 */
export function reportError(error: unknown, options: ReportOptions): number {
  const stdout = options.stdout ?? ((s: string) => process.stdout.write(s));
  const stderr = options.stderr ?? ((s: string) => process.stderr.write(s));
  const redact = redactor(options.secrets);
  const { known, ...raw } = errorFields(error, options.cli);
  const fields: ErrorFields = { code: raw.code, message: redact(raw.message), remedy: redact(raw.remedy) };
  if (options.json) stdout(`${JSON.stringify({ error: fields } satisfies ErrorDocument)}\n`);
  // A bug shows where it happened; a known error is one line, no stack.
  const shown = known ? fields.message : redact(`unexpected error: ${(error as Error)?.stack ?? String(error)}`);
  stderr(`${options.cli}: error: ${shown}\n  remedy: ${fields.remedy}\n`);
  options.onReported?.(fields);
  return INTERRUPTED.has(fields.code) ? EXIT.interrupted : EXIT.error;
}

/** The signals that stop a command: Ctrl-C, `kill` (a CI cancel), the terminal going away. */
export const STOP_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
export type StopSignal = (typeof STOP_SIGNALS)[number];

/** The exit code of a command stopped by `signal`: 128 + its number (SIGHUP 129, SIGINT 130, SIGTERM 143). */
export function signalExitCode(signal: StopSignal): number {
  return 128 + constants.signals[signal];
}

/**
 * Stop the process on SIGINT, SIGTERM or SIGHUP: `stop(signal)` runs first, synchronously (kill
 * what the command started, report the error), then the process exits with `signalExitCode`, so
 * its "exit" handlers run too (which a death by the signal would skip). Returns a function that
 * removes the handlers.
 */
export function exitOnStopSignals(stop: (signal: StopSignal) => void): () => void {
  const onSignal = (signal: StopSignal) => {
    try {
      stop(signal);
    } finally {
      process.exit(signalExitCode(signal));
    }
  };
  for (const s of STOP_SIGNALS) process.on(s, onSignal);
  return () => {
    for (const s of STOP_SIGNALS) process.off(s, onSignal);
  };
}

/** Run a command body that resolves to its exit code; a throw is reported and becomes 2 (or 130). */
export async function runGuarded(body: () => Promise<number> | number, options: ReportOptions): Promise<number> {
  try {
    return await body();
  } catch (error) {
    return reportError(error, options);
  }
}

/**
 * The one error guard of a yargs handler: runs it, sets `process.exitCode` to what it returns or,
 * when it throws, reports the error (as JSON too when the command line has `--json`).
 */
export function guard<A extends { json?: boolean | undefined }>(
  options: ReportOptions | ((args: A) => ReportOptions),
  handler: (args: A) => Promise<number> | number,
): (args: A) => Promise<void> {
  return async (args) => {
    const report = typeof options === "function" ? options(args) : options;
    process.exitCode = await runGuarded(() => handler(args), { json: args.json, ...report });
  };
}

export interface CliSetup {
  /** The command's name in help and messages. */
  name: string;
  /**
   * The CLI's own usage error (code USAGE or the package's equivalent, exit 2) for a message of
   * yargs' validation; `usage` is yargs' instance of the command being parsed, `cause` yargs' error.
   * `remedy` is set when cli-kit knows a better one than the CLI's general remedy: a
   * `numberOption` value out of its range (the range and an example); use it when given.
   */
  usageError: (message: string, usage: Argv<unknown>, cause: Error | undefined, remedy?: string) => Error;
}

/**
 * The yargs set-up every CLI shares: its name, strict options, no `process.exit` of yargs' own,
 * and a `fail` that stops the command before its handler runs: yargs' validation messages become
 * the CLI's usage error, a handler's error passes through unchanged (to the guard).
 */
export function setupCli<T>(y: Argv<T>, setup: CliSetup): Argv<T> {
  return y
    .scriptName(setup.name)
    .strict()
    .exitProcess(false)
    .fail((message, error, usage) => {
      if (error && error.name !== "YError") throw error;
      const text = message || error?.message || "";
      const problem = coerceProblems.get(text);
      if (problem) coerceProblems.delete(text);
      throw setup.usageError(text, usage as Argv<unknown>, error ?? undefined, problem?.remedy);
    });
}

/** What a numeric option takes (`numberOption`): its range, and an example that is valid. */
export interface NumberRule {
  /** The flag as typed: `--port`. */
  flag: string;
  min: number;
  /** No upper bound when left out. */
  max?: number;
  /** Whole numbers only (ports, counts, days); otherwise decimals too (seconds). */
  integer?: boolean;
  /** What the number counts, for the range's wording: `seconds` ("a number of seconds from 1 to 86400"). */
  unit?: string;
  /** Said after the range: `0 picks a free port`. */
  note?: string;
  /** A valid use, shown in the remedy: `--port 8080`. */
  example: string;
}

/** The range in words: "a whole number from 0 to 65535 (0 picks a free port)". */
export function numberRange(rule: NumberRule): string {
  const kind = `${rule.integer ? "a whole number" : "a number"}${rule.unit ? ` of ${rule.unit}` : ""}`;
  const range = rule.max === undefined ? `of at least ${rule.min}` : `from ${rule.min} to ${rule.max}`;
  return `${kind} ${range}${rule.note ? ` (${rule.note})` : ""}`;
}

/** Why a numeric option's value is refused: the flag, the value as given and the range; what to give instead. */
export interface OptionProblem {
  message: string;
  remedy: string;
}

/**
 * A numeric option's value checked against its rule: the number, or the problem. `value` is what
 * yargs parsed (a string, a number, an array when the flag was given twice, undefined when not
 * given: undefined is no problem). Decimal notation only (an exponent too: 1e3): "0x10", "" and
 * "12abc" are not numbers here.
 */
export function numberProblem(value: unknown, rule: NumberRule): { value: number | undefined } | OptionProblem {
  if (value === undefined) return { value: undefined };
  const range = numberRange(rule);
  const remedy = `Give ${rule.flag} ${range}, e.g. \`${rule.example}\`; nothing was run or written.`;
  if (Array.isArray(value))
    return {
      message: `${rule.flag} was given ${value.length} times (${value.join(", ")}); it takes one value`,
      remedy,
    };
  const text = String(value).trim();
  const decimal = typeof value === "number" || /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text);
  const n = decimal ? Number(text) : Number.NaN;
  const shown = JSON.stringify(String(value));
  if (!Number.isFinite(n)) return { message: `${rule.flag} ${shown} is not a number; it takes ${range}`, remedy };
  if (rule.integer && !Number.isInteger(n))
    return { message: `${rule.flag} ${shown} is not a whole number; it takes ${range}`, remedy };
  if (n < rule.min || (rule.max !== undefined && n > rule.max))
    return { message: `${rule.flag} ${shown} is out of range; it takes ${range}`, remedy };
  return { value: n };
}

// yargs re-wraps an error thrown by a `coerce` function as a plain YError of the same message:
// setupCli's `fail` finds the problem (and its remedy) again by that message.
// One registry per process, not per module copy: perfgate's bundle loads `perfgate artifact` from
// its own chunk with its own copy of this module, and the chunk's options fail in perfgate's yargs.
const REGISTRY = Symbol.for("@perfgate/cli-kit/coerce-problems");
const shared = globalThis as Record<symbol, Map<string, OptionProblem> | undefined>;
shared[REGISTRY] ??= new Map();
const coerceProblems = shared[REGISTRY];

/**
 * A yargs `coerce` for a numeric option: a value outside the rule (not a number, not whole, out
 * of range, given twice) stops the command in `setupCli`'s `fail` before any handler runs, as
 * the CLI's usage error with a message naming the flag, the value and the range, and a remedy
 * with an example (passed to `usageError` as `remedy`). Declare the option `type: "string"` so
 * yargs hands over what was typed (its `number` type turns "abc" into NaN):
 * `.option("port", { type: "string", requiresArg: true, coerce: numberOption({ flag: "--port", min: 0, max: 65535, integer: true, example: "--port 8080" }) })`.
 */
export function numberOption(rule: NumberRule): (value: unknown) => number | undefined {
  return (value) => {
    const checked = numberProblem(value, rule);
    if ("value" in checked) return checked.value;
    coerceProblems.set(checked.message, checked);
    throw new Error(checked.message);
  };
}

/** Several string options from name -> description, for `y.options(...)` (typed as `string | undefined`). */
export function stringOptions<K extends string>(
  described: Record<K, string>,
): {
  [P in K]: { type: "string"; describe: string };
} {
  const out = {} as { [P in K]: { type: "string"; describe: string } };
  for (const name of Object.keys(described) as K[]) out[name] = { type: "string", describe: described[name] };
  return out;
}

/**
 * A yargs command module whose handler is typed by its builder (no casts of argv).
 * Identity at run time; it only lets TypeScript infer `U` from the builder.
 */
export function command<U>(module: {
  command: string | readonly string[];
  describe: string;
  builder: (y: Argv) => Argv<U>;
  handler: (argv: ArgumentsCamelCase<U>) => void | Promise<void>;
}): CommandModule<object, U> {
  return module as CommandModule<object, U>;
}

/**
 * Run `fn` with everything written to stdout sent to stderr instead, so that stdout carries only
 * the command's own result (`--json`): libraries such as @actions/core log to stdout. `drop`
 * leaves out chunks nobody asked for (e.g. `::debug::` lines). Outside a GitHub runner
 * (`GITHUB_ACTIONS` is not "true") @actions/core's `::add-mask::<secret>` lines are left out too:
 * they instruct a runner, which reads stderr as well, and anywhere else they print the secret.
 */
export async function withStdoutOnStderr<T>(
  fn: () => Promise<T>,
  options: { drop?: (chunk: string) => boolean; env?: NodeJS.ProcessEnv } = {},
): Promise<T> {
  const inRunner = (options.env ?? process.env)["GITHUB_ACTIONS"] === "true";
  const dropped = (text: string) => options.drop?.(text) || (!inRunner && text.startsWith("::add-mask::"));
  const write = process.stdout.write;
  const toStderr = process.stderr.write.bind(process.stderr) as (...a: unknown[]) => boolean;
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) =>
    dropped(String(chunk)) || toStderr(chunk, ...rest)) as typeof process.stdout.write;
  try {
    return await fn();
  } finally {
    process.stdout.write = write;
  }
}
