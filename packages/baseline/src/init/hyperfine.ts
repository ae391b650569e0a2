import { type Found, nameOf, nothingFound, shown } from "./proposal.ts";
import type { Scan } from "./scan.ts";
import { commandOf, shellWords } from "./shell-words.ts";

/** Options that say what is measured: kept in the entry's `run`, with their values. */
const KEPT: Record<string, number> = {
  "-p": 1,
  "--prepare": 1,
  "-c": 1,
  "--cleanup": 1,
  "-s": 1,
  "--setup": 1,
  "--conclude": 1,
  "-P": 3,
  "--parameter-scan": 3,
  "-D": 1,
  "--parameter-step-size": 1,
  "-L": 2,
  "--parameter-list": 2,
  "-S": 1,
  "--shell": 1,
  "-n": 1,
  "--command-name": 1,
  "--input": 1,
  "--output": 1,
  "--reference": 1,
  "-N": 0,
  "-i": 0,
  "--ignore-failure": 0,
};
/** Options perfgate sets itself (rounds, warm-up, output): dropped. */
const DROPPED: Record<string, number> = {
  "-w": 1,
  "--warmup": 1,
  "-r": 1,
  "--runs": 1,
  "-m": 1,
  "--min-runs": 1,
  "-M": 1,
  "--max-runs": 1,
  "--export-json": 1,
  "--export-csv": 1,
  "--export-markdown": 1,
  "--export-asciidoc": 1,
  "--export-orgmode": 1,
  "--style": 1,
  "-u": 1,
  "--time-unit": 1,
  "--sort": 1,
  "--show-output": 0,
};
const END = /^(&&|\|\||;|\||&|>|>>|2>&1|[0-9]?>.*)$/;

export interface Invocation {
  /** The options that shape what is measured, as written (quoted anew when joined). */
  options: string[];
  commands: string[];
}

/** Every `hyperfine …` invocation in a script: the options that define the measurement, and the commands. */
export function hyperfineInvocations(script: string): Invocation[] {
  const out: Invocation[] = [];
  for (const line of script.replace(/\\\r?\n/g, " ").split(/\r?\n/)) {
    const words = shellWords(line.replace(/^\s*#.*$/, ""));
    const at = words.findIndex((w) => w === "hyperfine" || w === "@hyperfine");
    if (at < 0) continue;
    const inv: Invocation = { options: [], commands: [] };
    for (let i = at + 1; i < words.length; i++) {
      const w = words[i]!;
      if (END.test(w)) break;
      if (!w.startsWith("-") || w === "-") {
        inv.commands.push(w);
        continue;
      }
      const [flag, inline] = w.startsWith("--") && w.includes("=") ? [w.slice(0, w.indexOf("=")), true] : [w, false];
      const takes = KEPT[flag] ?? DROPPED[flag] ?? 0;
      const values = inline ? [] : words.slice(i + 1, i + 1 + takes);
      if (flag in DROPPED) {
        i += inline ? 0 : takes;
        continue;
      }
      inv.options.push(w, ...values);
      i += values.length;
    }
    if (inv.commands.length > 0) out.push(inv);
  }
  return out;
}

/** The commands of every invocation (what each measures). */
export function hyperfineCommands(script: string): string[] {
  return hyperfineInvocations(script).flatMap((i) => i.commands);
}

/**
 * hyperfine: one harness entry per invocation in a shell script, Makefile, justfile or
 * package.json script. Its options that shape the measurement (--prepare, --setup, parameter
 * scans, --shell) stay, so each command is measured as the script measured it; perfgate sets the
 * rounds, warm-up and export itself.
 */
export async function detectHyperfine(scan: Scan): Promise<Found> {
  const found = nothingFound();
  const sources: { where: string; text: string }[] = [];
  for (const f of scan.files.filter((f) => /\.(sh|bash)$|(^|\/)(Makefile|GNUmakefile|justfile)$/.test(f)))
    sources.push({ where: f, text: await scan.read(f) });
  try {
    const scripts =
      (JSON.parse(await scan.read("package.json")) as { scripts?: Record<string, unknown> }).scripts ?? {};
    for (const [k, v] of Object.entries(scripts))
      if (typeof v === "string") sources.push({ where: `package.json script ${k}`, text: v });
  } catch {
    // No package.json, or not JSON: the Node detector says nothing either.
  }
  const seen = new Set<string>();
  for (const { where, text } of sources) {
    const invs = hyperfineInvocations(text);
    invs.forEach((inv, i) => {
      const clash = inv.commands.some((c) => seen.has(c));
      for (const c of inv.commands) seen.add(c);
      found.proposals.push({
        benchmark: {
          harness: "hyperfine",
          run: commandOf(["hyperfine", ...inv.options, ...inv.commands]),
          ...(clash
            ? { name: nameOf(`${where.replace(/^package\.json script /, "")}${invs.length > 1 ? `-${i + 1}` : ""}`) }
            : {}),
        },
        found: `hyperfine in ${shown(where)} (${inv.commands.map((c) => `\`${shown(c)}\``).join(", ")})`,
      });
      if ([...inv.options, ...inv.commands].some((w) => /\$|\{\{/.test(w)))
        found.notes.push(
          `hyperfine in ${shown(where)} uses a variable (\`$…\`): init copied it as written, and nothing sets it when perfgate runs the entry`,
        );
    });
  }
  if (found.proposals.length > 0) {
    found.needs.push("apt-hyperfine");
    found.notes.push(
      'hyperfine entries run from the repository root; init could not tell what their commands need installed: add that to "setup"',
    );
  }
  return found;
}
