/**
 * A small real command-line tool timed by hyperfine: `textstat`, a POSIX sh + awk script with
 * two subcommands over a generated text file. Its run names each command (`-n`) and starts it
 * without a shell (`-N`), as hyperfine recommends for commands this short.
 */
import { promises as fs } from "node:fs";
import path from "node:path";
import { shellQuote } from "../../../src/harness/types.ts";
import { ensureHyperfine } from "../tools.ts";
import { checkSlow, type HarnessProject, type ProjectOptions, SLOW_SHARE_PERCENT, writeFiles } from "./project.ts";

export const HYPERFINE_BENCHMARKS = ["checksum", "words"] as const;

/**
 * awk's END block of the slowed subcommand: a second pass over the first lines of the file,
 * through the same per-line function.
 */
function secondPass(fn: string): string {
  return `
    # the regression: a second pass over part of the input
    n = int(NR * ${SLOW_SHARE_PERCENT} / 100)
    while (n-- > 0 && (getline line < FILENAME) > 0) ${fn}(line)`;
}

function script(slow: string | undefined): string {
  const extra = (command: string, fn: string) => (slow === command ? secondPass(fn) : "");
  return `#!/bin/sh
# textstat: statistics of a text file. Usage: textstat checksum|words FILE
set -eu
case "$1" in
checksum)
  exec awk '
    BEGIN { chars = "abcdefghijklmnopqrstuvwxyz0123456789 " }
    function add(line,   i) {
      for (i = 1; i <= length(line); i++) total = (total * 31 + index(chars, substr(line, i, 1))) % 65521
    }
    { add($0) }
    END {${extra("checksum", "add")}
      print total
    }' "$2"
  ;;
words)
  exec awk '
    function add(line,   i, n, w) {
      n = split(line, w, " ")
      for (i = 1; i <= n; i++) count[w[i]]++
    }
    { add($0) }
    END {${extra("words", "add")}
      for (w in count) distinct++
      print distinct
    }' "$2"
  ;;
*)
  echo "usage: textstat checksum|words FILE" >&2
  exit 2
  ;;
esac
`;
}

/** A deterministic text file: lines of words drawn from a small vocabulary. */
function data(lines: number): string {
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const words: string[] = [];
    for (let j = 0; j < 8; j++) words.push(`w${(i * 31 + j * 17) % 997}`);
    out.push(words.join(" "));
  }
  return `${out.join("\n")}\n`;
}

/** Write the tool and its data into `dir` (which must exist). */
export async function makeHyperfineProject(dir: string, opts: ProjectOptions = {}): Promise<HarnessProject> {
  checkSlow(opts.slow, HYPERFINE_BENCHMARKS);
  const { hyperfine } = await ensureHyperfine();
  await writeFiles(dir, { textstat: script(opts.slow), "data.txt": data(12000) });
  await fs.chmod(path.join(dir, "textstat"), 0o755);
  const commands = HYPERFINE_BENCHMARKS.map((c) => `-n ${c} ${shellQuote(`./textstat ${c} data.txt`)}`);
  return { run: `${shellQuote(hyperfine)} -N ${commands.join(" ")}`, benchmarks: [...HYPERFINE_BENCHMARKS] };
}
