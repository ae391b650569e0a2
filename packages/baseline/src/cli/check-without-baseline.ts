import { compareBaselines } from "../compare.ts";
import { loadConfig } from "../config.ts";
import { PerfgateError, UsageError } from "../errors.ts";
import { buildBaseline } from "../establish.ts";
import { checkoutBase } from "../paired/base-tree.ts";
import type { BaselineFile } from "../schema.ts";
import { preflightReports } from "../report/files.ts";
import { TOOL_ID } from "../version.ts";
import { type CheckArgs, measurePairedCheck } from "./check-command.ts";
import { err, parseRuns, parseThreshold, projectRoot } from "./common.ts";
import { presentComparison } from "./present.ts";

/** Rounds when there is no baseline to take the count from (as `establish`'s default). */
const DEFAULT_RUNS = 5;

/**
 * `check --base REF --without-baseline`: no stored baseline is read. REF is checked out in a
 * temporary worktree and measured beside this tree; the verdict rests on the pairs alone, and a
 * benchmark measured on this side only is new.
 */
export async function checkWithoutBaseline(args: CheckArgs): Promise<number> {
  const ref = args.base;
  if (!ref)
    throw new UsageError(
      "--without-baseline needs --base REF: the commit to measure beside this tree",
      "e.g. perfgate check --base origin/main --without-baseline",
    );
  if (args.current || args.paired === false)
    throw new UsageError(
      `--without-baseline measures REF beside this tree now; ${args.current ? "--current" : "--no-paired"} contradicts it`,
      "drop one of them",
    );
  const root = projectRoot(args);
  const threshold = parseThreshold(args.threshold);
  const config = await loadConfig(root);
  if (args.reports !== false) await preflightReports(root);
  const runs = parseRuns(args.runs, DEFAULT_RUNS);
  const checkout = await checkoutBase(root, ref, (m) => err(`perfgate check: ${m}`));
  if (!checkout.ok)
    throw new PerfgateError(
      "BASE_UNAVAILABLE",
      `--without-baseline: cannot measure ${ref}: ${checkout.reason}`,
      checkout.remedy,
    );
  const settings = { runs, samplesPerRun: config.samplesPerRun };
  // The base commit stands where a stored baseline would, with no samples of its own: every
  // benchmark measured on both sides is judged on its pairs.
  // Its commit is named only after measuring, or measuring calls REF "the baseline's commit".
  let base: BaselineFile = { ...buildBaseline([], settings, { root }), git: { sha: null, ref: null } };
  const decision = { threshold, commandNoiseFloorMs: args.noiseFloorMs };
  const onProgress = args.verbose ? (m: string) => err(`  ${m}`) : undefined;
  let measured: Awaited<ReturnType<typeof measurePairedCheck>>;
  try {
    measured = await measurePairedCheck(config, checkout.tree, ref, runs, base, decision, onProgress);
  } finally {
    await checkout.tree.remove();
  }
  base = { ...base, git: { sha: checkout.tree.sha, ref } };
  const comparison = compareBaselines(base, measured.current, {
    ...decision,
    allowNew: args.allowNew,
    allowMissing: args.allowMissing,
    failures: measured.failures,
    ...(measured.pairs ? { paired: measured.pairs } : {}),
  });
  comparison.mode = measured.mode;
  comparison.warnings.push(...measured.notes);
  return presentComparison(
    comparison,
    {
      baselinePath: `base commit ${checkout.tree.sha.slice(0, 12)}`,
      baseline: base,
      current: measured.current,
      tool: TOOL_ID,
    },
    { verbose: args.verbose, json: args.json, reportsRoot: args.reports === false ? undefined : root },
  );
}
