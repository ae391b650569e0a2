import { UsageError } from "../errors.ts";
import { suggestKey } from "../zod-message.ts";

const REMEDY = "see `perfgate --help` (or `perfgate <command> --help`); nothing was run or written";

const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/**
 * yargs' validation message as one UsageError. Thrown from `.fail()`: yargs then stops, so the
 * command's handler never runs and nothing is measured or written (setting an exit code did not).
 * `known` are the option names of the command being parsed, for a did-you-mean.
 */
export function usageFailure(message: string, known: readonly string[], argv: readonly string[]): UsageError {
  const unknown = /^Unknown arguments?: (.+)$/s.exec(message);
  if (unknown) {
    const names = unknown[1]!.split(", ").map((s) => s.trim());
    // yargs lists `--no-such-flag` as "such-flag, suchFlag": keep one spelling of each.
    const distinct = names.filter((n) => !(n !== kebab(n) && names.includes(kebab(n))));
    const shown = distinct.map((n) => {
      const asOption = argv.some(
        (a) => a === `--${n}` || a.startsWith(`--${n}=`) || a === `--no-${n}` || a === `-${n}`,
      );
      if (!asOption) return `argument "${n}"`;
      const flag = n.length === 1 ? `-${n}` : `--${n}`;
      const hint = suggestKey(
        n,
        known.filter((k) => k.length > 1 && k !== n),
      );
      return hint ? `option ${flag} (did you mean --${hint}?)` : `option ${flag}`;
    });
    return new UsageError(`unknown ${shown.join(", ")}`, REMEDY);
  }
  const missing = /^Not enough arguments following: (\S+)$/.exec(message.trim());
  if (missing) {
    const flag = missing[1]!.length === 1 ? `-${missing[1]}` : `--${missing[1]}`;
    return new UsageError(`${flag} needs a value`, `give it one, e.g. ${flag} <value>; ${REMEDY}`);
  }
  const few = /^Not enough non-option arguments: got (\d+), need at least (\d+)$/.exec(message.trim());
  if (few) {
    const given = argv.find((a) => !a.startsWith("-")) ?? "the command";
    return new UsageError(
      `${given} needs at least ${few[2]} argument${few[2] === "1" ? "" : "s"} (got ${few[1]})`,
      `name ${given === "import" ? "the JSON file(s) the tool wrote" : "what it works on"}; ${REMEDY}`,
    );
  }
  const command = /^Did you mean (\S+)\?$/.exec(message.trim());
  if (command) {
    const given = argv.find((a) => !a.startsWith("-")) ?? "";
    return new UsageError(`unknown command "${given}" (did you mean ${command[1]}?)`, REMEDY);
  }
  const invalid = /Argument: (\S+), Given: (.+?), Choices: (.+)$/s.exec(message);
  if (invalid)
    return new UsageError(
      `--${invalid[1]} ${invalid[2]} is not one of ${invalid[3]!.replace(/\s+/g, " ")}`,
      `pick one of those; ${REMEDY}`,
    );
  return new UsageError(message.replace(/\s*\n\s*/g, "; "), REMEDY);
}

// yargs re-wraps an error thrown by a `coerce` function as a plain YError; keep ours to rethrow.
const coerceErrors = new Map<string, UsageError>();

/** The UsageError behind a YError that yargs built from a coerce function's error, if any. */
export function coercedUsageError(error: Error): UsageError | undefined {
  return coerceErrors.get(error.message);
}

function coerceFailure(message: string, remedy: string): UsageError {
  const e = new UsageError(message, remedy);
  coerceErrors.set(message, e);
  return e;
}

/**
 * A yargs `coerce` for numeric options: "abc" is an error naming the flag and what was given,
 * not NaN passed on to the command ("--threshold NaN is out of range").
 */
export function numberOption(flag: string, example: string) {
  return (value: unknown): number | undefined => {
    if (value === undefined) return undefined;
    if (Array.isArray(value))
      throw coerceFailure(`${flag} was given ${value.length} times`, `give it once, e.g. ${example}`);
    const text = String(value).trim();
    // Decimal only: Number() would also take "0x10" (16) or "" (0).
    const decimal = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text);
    const n = typeof value === "number" ? value : decimal ? Number(text) : Number.NaN;
    if (!Number.isFinite(n))
      throw coerceFailure(`${flag} "${String(value)}" is not a number`, `give a number, e.g. ${example}`);
    return n;
  };
}

const THRESHOLD_EXAMPLE = "--threshold 10 or --threshold 10%";
const THRESHOLD_RANGE =
  "give the allowed slowdown in percent, from 1 to 999 (e.g. --threshold 10 or --threshold 10%; under 1%, with the sign: --threshold 0.5%)";

/**
 * The yargs `coerce` of --threshold: a percentage, written `10` or `10%`, returned as 10. A bare
 * number under 1 is refused: the baseline's JSON stores 10% as 0.1, so `--threshold 0.1` most
 * likely means 10%, and read as 0.1% it would make the gate a hundred times stricter. With the
 * percent sign the value says what it means, so `0.5%` is taken.
 */
export function thresholdOption() {
  return (value: unknown): number | undefined => {
    if (value === undefined) return undefined;
    if (Array.isArray(value))
      throw coerceFailure(`--threshold was given ${value.length} times`, `give it once, e.g. ${THRESHOLD_EXAMPLE}`);
    const text = String(value).trim();
    const m = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)\s*(%?)$/i.exec(text);
    if (!m)
      throw coerceFailure(`--threshold "${String(value)}" is not a number`, `give a number, e.g. ${THRESHOLD_EXAMPLE}`);
    const n = Number(m[1]);
    const percentSign = m[2] === "%";
    if (!(n > 0 && n < 1000)) throw coerceFailure(`--threshold ${text} is out of range`, THRESHOLD_RANGE);
    if (n < 1 && !percentSign) {
      const meant = Number((n * 100).toPrecision(6));
      throw coerceFailure(
        `--threshold ${text} would mean ${text}%, not ${meant}%: the threshold is in percent (the baseline's JSON stores ${meant}% as ${text})`,
        `did you mean --threshold ${meant} (${meant}%)? For a threshold under 1%, write the percent sign: --threshold ${text}%`,
      );
    }
    return n;
  };
}
