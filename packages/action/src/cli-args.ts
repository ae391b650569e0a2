import type { ActionInputs } from "./inputs.ts";

/**
 * The perfgate command lines the action runs. Every value goes as `--flag=value`: joined to its
 * flag, a value that starts with `-` is still the value, never read as another flag.
 */

/** What a check compares with: main's baseline file, or the PR's base commit measured beside it. */
export type CheckAgainst = { baseline: string } | { baseSha: string };

export function establishArgs(inputs: ActionInputs, out: string): string[] {
  return ["establish", `--runs=${inputs.runs}`, `--out=${out}`];
}

export function checkArgs(inputs: ActionInputs, against: CheckAgainst): string[] {
  const args =
    "baseline" in against
      ? // The input is always percent; the % keeps the CLI from reading 0.5 as a misplaced fraction.
        ["check", `--baseline=${against.baseline}`, `--threshold=${inputs.threshold}%`, `--runs=${inputs.runs}`]
      : // No stored file: the base commit in a worktree beside the PR, judged on the pairs alone.
        [
          "check",
          `--base=${against.baseSha}`,
          "--without-baseline",
          `--threshold=${inputs.threshold}%`,
          `--runs=${inputs.runs}`,
        ];
  // The age of a stored baseline; a base commit measured now has none.
  if ("baseline" in against) args.push(`--max-age=${inputs.maxAge}`);
  args.push("--verbose");
  // Benchmarks added, renamed or removed by an ordinary PR are reported, not a failed check
  // (the CLI's default); strict-benchmarks makes them exit 2.
  if (inputs.strictBenchmarks) args.push("--strict-benchmarks");
  return args;
}
