import { shellQuote } from "../types.ts";

/** Whether `run` already passes `flag`, as its own word or as `flag=value`. */
export function passesFlag(run: string, flag: string): boolean {
  return run.split(/\s+/).some((word) => word === flag || word.startsWith(`${flag}=`));
}

/**
 * `run` followed by each of `flags` that `run` does not pass already: a harness's bound the user
 * chose wins, and harnesses that reject a flag given twice (JMH, vitest) still start.
 * A flag is `[name, value]` (`value` shell-quoted, joined by `joiner`) or `[name]` alone.
 */
export function appendMissingFlags(run: string, flags: readonly (readonly [string, string?])[], joiner = " "): string {
  const added = flags
    .filter(([name]) => !passesFlag(run, name))
    .map(([name, value]) => (value === undefined ? name : `${name}${joiner}${shellQuote(value)}`));
  return added.length === 0 ? run : `${run} ${added.join(" ")}`;
}
