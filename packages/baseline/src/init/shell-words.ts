import { shellQuote } from "../harness/types.ts";

/** Splits a shell line into words, honouring single and double quotes (no expansion). */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  const re = /'([^']*)'|"((?:[^"\\]|\\.)*)"|(\S+)/g;
  for (const m of line.matchAll(re)) words.push(m[1] ?? m[2]?.replace(/\\(.)/g, "$1") ?? m[3]!);
  return words;
}

/** A line that is one plain command: no operators, redirections, substitutions or variables. */
export function isSimpleCommand(line: string): boolean {
  return !/[;&|<>`$()\n\r\\]/.test(line);
}

/** Words joined into one shell command, each quoted where the shell would read it otherwise. */
export function commandOf(words: string[]): string {
  return words.map(shellQuote).join(" ");
}
