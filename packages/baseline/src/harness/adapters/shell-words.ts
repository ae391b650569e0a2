/**
 * The words of a shell command as /bin/sh would split them (quotes and backslashes honoured,
 * no expansion), so an adapter can see which flags a `run` already passes: `'rm -r x'` is one
 * word, not a `-r` flag. Operators (`&&`, `|`, `;`) stay words of their own or parts of words;
 * callers only look for whole flag words.
 */
export function shellWords(command: string): string[] {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  for (let i = 0; i < command.length; i++) {
    const c = command[i]!;
    if (c === "'") {
      const end = command.indexOf("'", i + 1);
      word += command.slice(i + 1, end === -1 ? command.length : end);
      i = end === -1 ? command.length : end;
      inWord = true;
    } else if (c === '"') {
      i++;
      for (; i < command.length && command[i] !== '"'; i++) {
        if (command[i] === "\\" && i + 1 < command.length && '"\\$`'.includes(command[i + 1]!)) i++;
        word += command[i];
      }
      inWord = true;
    } else if (c === "\\" && i + 1 < command.length) {
      word += command[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/**
 * Whether `command` passes one of `flags`: a long flag as `--runs 5` or `--runs=5`, a short one
 * as `-r 5` or `-r5`.
 */
export function passesFlag(command: string, flags: readonly string[]): boolean {
  return shellWords(command).some((word) =>
    flags.some((flag) =>
      flag.startsWith("--")
        ? word === flag || word.startsWith(`${flag}=`)
        : word === flag || (word.startsWith(flag) && !word.startsWith("--")),
    ),
  );
}
