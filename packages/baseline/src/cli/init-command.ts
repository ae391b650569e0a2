import { execFileSync } from "node:child_process";
import { existsSync, promises as fs } from "node:fs";
import path from "node:path";
import { PerfgateError } from "../errors.ts";
import { detectBenchmarks, type Proposal } from "../init/detect.ts";
import { configText, PLACEHOLDER, workflowText } from "../init/templates.ts";
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

/**
 * `perfgate init`: looks at the repository, proposes benchmarks for what it finds and writes the
 * config and a workflow that uses the perfgate action. Never overwrites without --force (exit 2,
 * nothing written); --dry-run prints the files instead of writing them.
 */
export async function initCommand(args: InitArgs): Promise<number> {
  const root = projectRoot(args);
  if (!existsSync(root)) {
    throw new PerfgateError("INIT_NO_DIR", `directory ${root} does not exist`, "pass an existing directory to -C");
  }
  const warnings: string[] = [];
  const detected = await detectBenchmarks(root, (w) => warnings.push(w));
  for (const w of warnings) err(`⚠ warning: ${w}`);
  const proposals: Proposal[] = detected.length > 0 ? detected : [PLACEHOLDER];
  const mainBranch = args.mainBranch ?? defaultBranch(root);
  const files = [
    { rel: CONFIG_FILE, text: configText(proposals) },
    { rel: WORKFLOW_FILE, text: workflowText(proposals, { mainBranch, config: CONFIG_FILE }) },
  ];
  const existing = files.filter((f) => existsSync(path.join(root, f.rel))).map((f) => f.rel);
  if (existing.length > 0 && !args.force && !args.dryRun) {
    throw new PerfgateError(
      "INIT_EXISTS",
      `${existing.join(" and ")} already exist${existing.length === 1 ? "s" : ""}; nothing was written`,
      "look at them first; `perfgate init --dry-run` prints what init would write, `perfgate init --force` replaces both",
    );
  }

  const checks = [
    ...proposals.flatMap((p) => (p.check ? [p.check] : [])),
    `the workflow treats ${mainBranch} as the main branch: its pushes upload the baseline`,
    "run `npx perfgate establish --runs 3` then `npx perfgate check` locally: both must pass before you push",
  ];
  if (args.json) {
    out(
      JSON.stringify(
        {
          dryRun: Boolean(args.dryRun),
          detected: proposals.map((p) => ({ found: p.found, benchmark: p.benchmark })),
          warnings,
          files: files.map((f) => ({ path: f.rel, ...(args.dryRun ? { content: f.text } : {}) })),
          check: checks,
        },
        null,
        2,
      ),
    );
  } else {
    out(detected.length > 0 ? "Found:" : "Found nothing to benchmark, so the config holds a placeholder:");
    for (const p of proposals) out(`  - ${p.found} -> benchmark "${p.benchmark.name}"`);
  }
  if (args.dryRun) {
    if (!args.json) {
      for (const f of files) out(`\n--- ${f.rel} (not written: --dry-run)\n${f.text.trimEnd()}`);
    }
    return EXIT.ok;
  }
  for (const f of files) {
    const abs = path.join(root, f.rel);
    await fs.mkdir(path.dirname(abs), { recursive: true });
    // Temporary file + rename: an interrupted init leaves the old file or the new one, never half.
    const tmp = `${abs}.${process.pid}.tmp`;
    await fs.writeFile(tmp, f.text);
    await fs.rename(tmp, abs);
  }
  if (!args.json) {
    out(
      `\nWrote ${files.map((f) => f.rel).join(" and ")}${existing.length > 0 ? ` (replaced: ${existing.join(", ")}, --force)` : ""}.`,
    );
    out("Check before you commit:");
    for (const c of checks) out(`  - ${c}`);
  }
  return EXIT.ok;
}
