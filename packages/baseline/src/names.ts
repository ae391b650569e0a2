/**
 * Text that ends up in CI logs must not carry control characters: a line break in a benchmark
 * name (or a git ref, a CPU model) printed by perfgate starts a new log line, and a line that
 * starts with `::error` is a workflow command to the GitHub runner (forged annotations, masking).
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

const NAMED: Record<string, string> = { "\n": "a line break", "\r": "a carriage return", "\t": "a tab" };

/** Why `text` cannot go into a CI log line, or undefined when it can. */
export function controlCharacterProblem(text: string): string | undefined {
  const m = CONTROL.exec(text);
  if (!m) return undefined;
  const code = m[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");
  return `contains ${NAMED[m[0]] ?? "a control character"} (U+${code})`;
}

export const CONTROL_CHARACTER_REASON =
  "benchmark names and other strings are printed in CI logs and annotations, where a control character could forge a workflow command";

/** The first string anywhere in `value` with a control character, with its path. */
export function findControlCharacter(
  value: unknown,
  path: PropertyKey[] = [],
): { path: PropertyKey[]; problem: string } | undefined {
  if (typeof value === "string") {
    const problem = controlCharacterProblem(value);
    return problem ? { path, problem } : undefined;
  }
  if (value === null || typeof value !== "object") return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      // Samples are numbers: skip long numeric arrays without walking every element's path.
      if (typeof value[i] === "number") continue;
      const found = findControlCharacter(value[i], [...path, i]);
      if (found) return found;
    }
    return undefined;
  }
  for (const [k, v] of Object.entries(value)) {
    const keyProblem = controlCharacterProblem(k);
    if (keyProblem) return { path: [...path, k], problem: `has a key that ${keyProblem}` };
    const found = findControlCharacter(v, [...path, k]);
    if (found) return found;
  }
  return undefined;
}

/** Longer names make unreadable logs and tables; 256 is far above any real benchmark's. */
export const MAX_NAME_LENGTH = 256;

/** Why a benchmark name cannot be used, or undefined. */
export function benchmarkNameProblem(name: string): string | undefined {
  const control = controlCharacterProblem(name);
  if (control) return control;
  if (name.length > MAX_NAME_LENGTH) return `is ${name.length} characters long (at most ${MAX_NAME_LENGTH})`;
  return undefined;
}
