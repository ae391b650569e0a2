import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { PerfgateError } from "../errors.ts";
import { branchNameProblem } from "../init/branch.ts";
import { type Detection, detectBenchmarks } from "../init/detect.ts";
import { isHarness, type Proposal, shown } from "../init/proposal.ts";
import { configText, PLACEHOLDER, workflowText } from "../init/templates.ts";
import { checkTargets, writeAll } from "../init/write-files.ts";
import { EXIT, err, type GlobalArgs, out, projectRoot } from "./common.ts";

export interface InitArgs extends GlobalArgs {
  force?: boolean;
  dryRun?: boolean;
  mainBranch?: string;
}

export const CONFIG_FILE = "perfgate.config.json";
export const WORKFLOW_FILE = ".github/workflows/perfgate.yml";

/** The repository's default branch as git knows it (origin's HEAD, else the current branch), else main. */
function defaultBranch(root: string): string {
  const git = (...args: string[]) => {
    try {
      return execFileSync("git", args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    } catch {
      return "";
    }
  };
  const origin = git("symbolic-ref", "--short", "refs/remotes/origin/HEAD").replace(/^origin\//, "");
  return origin || git("symbolic-ref", "--short", "HEAD") || "main";
}

/** The main branch, checked as git checks branch names: it goes into the workflow. */
function mainBranchOf(root: string, given: string | undefined): string {
  const branch = given ?? defaultBranch(root);
  const problem = branchNameProblem(branch);
  if (!problem) return branch;
  throw new PerfgateError(
    "INIT_BAD_BRANCH",
    given === undefined
      ? `the branch git reports as the main branch, ${JSON.stringify(branch)}, cannot go into the workflow: ${problem}; nothing was written`
      : `--main-branch ${JSON.stringify(branch)} is not a branch name perfgate can write into the workflow: ${problem}; nothing was written`,
    "pass the main branch's exact name with --main-branch (as `git branch` lists it)",
  );
}

function describe(p: Proposal): string {
  const b = p.benchmark;
  return isHarness(b)
    ? `${b.harness} entry: ${shown(b.run)}${b.cwd ? ` (in ${shown(b.cwd)}/)` : ""}`
    : `benchmark "${b.name ?? ("module" in b ? shown(b.module) : "")}"`;
}

/**
 * `perfgate init`: looks at the repository, proposes benchmarks for what it finds and writes the
 * config and a workflow that uses the perfgate action. Writes both files or neither, never
 * outside the repository, never over an existing file without --force (exit 2); --dry-run prints
 * the files instead of writing them.
 */
export async function initCommand(args: InitArgs): Promise<number> {
  const root = projectRoot(args);
  if (!existsSync(root)) {
    throw new PerfgateError("INIT_NO_DIR", `directory ${root} does not exist`, "pass an existing directory to -C");
  }
  const mainBranch = mainBranchOf(root, args.mainBranch);
  const warnings: string[] = [];
  const found = await detectBenchmarks(root, (w) => warnings.push(w));
  for (const w of warnings) err(`⚠ warning: ${w}`);
  const d: Detection =
    found.proposals.length > 0 ? found : { ...found, proposals: [PLACEHOLDER], needs: ["node", ...found.needs] };
  const files = [
    { rel: CONFIG_FILE, text: configText(d) },
    {
      rel: WORKFLOW_FILE,
      text: workflowText(d, { mainBranch, config: CONFIG_FILE, has: (f) => existsSync(path.join(root, f)) }),
    },
  ];
  const existing = args.dryRun ? [] : await checkTargets(root, files);
  if (existing.length > 0 && !args.force) {
    throw new PerfgateError(
      "INIT_EXISTS",
      `${existing.join(" and ")} already exist${existing.length === 1 ? "s" : ""}; nothing was written`,
      "look at them first; `perfgate init --dry-run` prints what init would write, `perfgate init --force` replaces both",
    );
  }

  const checks = [
    ...d.proposals.flatMap((p) => (p.check ? [p.check] : [])),
    ...(d.setup
      ? [`"setup" runs in each tree measured (your change and, in a pull request, its base commit): ${shown(d.setup)}`]
      : []),
    ...d.notes,
    `the workflow treats ${JSON.stringify(mainBranch)} as the main branch: its pushes upload the baseline`,
    "run `npx perfgate establish --runs 3` then `npx perfgate check` locally: both must pass before you push",
  ];
  if (args.json) {
    out(
      JSON.stringify(
        {
          dryRun: Boolean(args.dryRun),
          detected: d.proposals.map((p) => ({ found: p.found, benchmark: p.benchmark })),
          ...(d.setup ? { setup: d.setup } : {}),
          warnings,
          notes: d.notes,
          files: files.map((f) => ({ path: f.rel, ...(args.dryRun ? { content: f.text } : {}) })),
          check: checks,
        },
        null,
        2,
      ),
    );
  } else {
    out(found.proposals.length > 0 ? "Found:" : "Found nothing to benchmark, so the config holds a placeholder:");
    for (const p of d.proposals) out(`  - ${p.found} -> ${describe(p)}`);
  }
  if (args.dryRun) {
    if (!args.json) {
      for (const f of files) out(`\n--- ${f.rel} (not written: --dry-run)\n${f.text.trimEnd()}`);
      out("\nCheck before you commit:");
      for (const c of checks) out(`  - ${c}`);
    }
    return EXIT.ok;
  }
  await writeAll(root, files);
  if (!args.json) {
    out(
      `\nWrote ${files.map((f) => f.rel).join(" and ")}${existing.length > 0 ? ` (replaced: ${existing.join(", ")}, --force)` : ""}.`,
    );
    out("Check before you commit:");
    for (const c of checks) out(`  - ${c}`);
  }
  return EXIT.ok;
}
