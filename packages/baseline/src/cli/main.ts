#!/usr/bin/env node
import { DEFAULT_BASELINE_PATH, IMPORT_FORMATS, type ImportFormat } from "../defaults.ts";
import { UsageError } from "../errors.ts";
import { INIT_HELP } from "../init/help.ts";
import { PERFGATE_VERSION } from "../version.ts";
import { decisionArgs, decisionOptions } from "./decision-options.ts";
import { EPILOG } from "./epilog.ts";
import { run } from "./run-handler.ts";
import { artifactCommandFor } from "./artifact-lazy.ts";
import { setupCli } from "@perfgate/cli-kit";
import { reportError } from "./common.ts";
import { coercedUsageError, numberOption, usageFailure } from "./usage.ts";
import { WORKER_ENV, WORKER_ROLE } from "../measure/worker-protocol.ts";

// Each command's code (zod schemas, statistics, execa, tinybench) is imported when that command
// runs, not before: `perfgate --version` and `--help` start in a fraction of the time.
const commands = {
  establish: () => import("./establish-command.ts"),
  check: () => import("./check-command.ts"),
  validate: () => import("./validate-command.ts"),
  import: () => import("./import-command.ts"),
  init: () => import("./init-command.ts"),
  calibrate: () => import("./calibrate-command.ts"),
  worker: () => import("../measure/worker.ts"),
};

export async function main(argv: string[]): Promise<void> {
  // CI scripts and `npx perfgate --version` ask this often: answer before loading yargs.
  if (argv.length === 1 && argv[0] === "--version") {
    process.stdout.write(`${PERFGATE_VERSION}\n`);
    return;
  }
  const [{ default: yargs }, artifactCommand] = await Promise.all([import("yargs"), artifactCommandFor(argv)]);
  await setupCli(yargs(argv), {
    name: "perfgate",
    // yargs' validation (and a coerce function's error, re-wrapped by yargs) as one UsageError,
    // thrown from `.fail()`: yargs then stops, the handler never runs, nothing is written.
    usageError: (message, usage, cause, remedy) =>
      (cause && coercedUsageError(cause)) ??
      // A mounted command's checked option (cli-kit's numberOption) brings its own remedy.
      (remedy ? new UsageError(message, remedy) : undefined) ??
      // The usage object of the command being parsed lists its options, for a did-you-mean.
      usageFailure(message, Object.keys((usage as unknown as { getDescriptions(): object }).getDescriptions()), argv),
  })
    .usage(
      "perfgate [-C DIR] <command> [options]\n\nBenchmark a project, keep a baseline, and fail CI on statistically sound performance regressions.",
    )
    .version(PERFGATE_VERSION)
    .option("C", {
      type: "string",
      describe: "run as if started in DIR (like git -C)",
      global: true,
      requiresArg: true,
    })
    .option("json", {
      type: "boolean",
      default: false,
      describe: "machine-readable JSON on stdout (check, compare, validate, establish, import)",
      global: true,
    })
    .command(
      "init",
      "detect the repository's benchmarks; write perfgate.config.json (harness entries, setup) and .github/workflows/perfgate.yml",
      (y) =>
        y
          .option("force", { type: "boolean", default: false, describe: "replace existing files (never a folder)" })
          .option("dry-run", { type: "boolean", default: false, describe: "print the files instead of writing them" })
          .option("main-branch", {
            type: "string",
            describe: "branch whose pushes upload the baseline (default: git's); checked as git checks branch names",
          })
          .example("perfgate init --dry-run", "see what would be written")
          .epilog(INIT_HELP),
      run(async (a) =>
        (await commands.init()).initCommand({
          C: a.C,
          json: a.json,
          force: a.force,
          dryRun: a["dry-run"],
          mainBranch: a["main-branch"],
        }),
      ),
    )
    .command(
      "establish",
      "measure the configured benchmarks and write a baseline",
      (y) =>
        y
          .option("runs", {
            type: "string",
            requiresArg: true,
            default: 5,
            coerce: numberOption("--runs", "--runs 3"),
            describe: "rounds over all benchmarks; each round yields samplesPerRun samples per benchmark",
          })
          .option("out", { type: "string", default: DEFAULT_BASELINE_PATH, describe: "baseline file to write" })
          .option("verbose", { type: "boolean", default: false, describe: "print progress" })
          .example("perfgate establish --runs 3", "15 samples per benchmark into the default baseline"),
      run(async (a) =>
        (await commands.establish()).establishCommand({
          C: a.C,
          json: a.json,
          runs: a.runs,
          out: a.out,
          verbose: a.verbose,
        }),
      ),
    )
    .command(
      "check",
      "measure now and compare with the baseline; exit 1 on regression",
      (y) =>
        y
          .options(decisionOptions)
          .option("baseline", { type: "string", default: DEFAULT_BASELINE_PATH, describe: "baseline file" })
          .option("max-age", {
            type: "string",
            default: "30d",
            describe: "warn when the baseline is older (e.g. 30d, 12h, off)",
          })
          .option("runs", {
            type: "string",
            requiresArg: true,
            coerce: numberOption("--runs", "--runs 3"),
            describe: "rounds to measure (default: as many as the baseline has)",
          })
          .option("current", { type: "string", describe: "compare this results file instead of measuring" })
          .option("base", {
            type: "string",
            requiresArg: true,
            describe: "commit to measure beside this tree (paired mode); default: the baseline's commit",
          })
          .option("paired", {
            type: "boolean",
            default: true,
            describe:
              "measure the base commit in a temporary git worktree, alternating with this tree, and decide on the pairs (--no-paired: compare with the stored samples only)",
          })
          .option("strict-benchmarks", {
            type: "boolean",
            default: false,
            describe:
              "a benchmark added, renamed or removed since the baseline is exit 2 (default: reported as new/missing, and the check passes on the others)",
          })
          .option("without-baseline", {
            type: "boolean",
            describe:
              "read no baseline file: measure --base beside this tree and decide on the pairs alone (for when main's baseline cannot be had)",
          })
          .option("save-current", {
            type: "string",
            describe: "also write the current measurements as a baseline-format file",
          })
          .option("reports", {
            type: "boolean",
            default: true,
            describe: "write metrics/{reports,exports,analysis} files (--no-reports to skip)",
          })
          .example("perfgate check --threshold 10 --verbose", "")
          .example("perfgate -C app check --max-age 14d --json", ""),
      run(async (a) =>
        (await commands.check()).checkCommand({
          ...decisionArgs(a),
          baseline: a.baseline,
          runs: a.runs,
          current: a.current,
          saveCurrent: a["save-current"],
          reports: a.reports,
          base: a.base,
          paired: a.paired,
          withoutBaseline: a["without-baseline"],
          strictBenchmarks: a["strict-benchmarks"],
        }),
      ),
    )
    .command(
      "validate [file]",
      "exit 0 only for a readable baseline of a known schema version",
      (y) => y.positional("file", { type: "string", default: DEFAULT_BASELINE_PATH, describe: "baseline file" }),
      run(async (a) => (await commands.validate()).validateCommand({ C: a.C, json: a.json, file: a.file }), "warning"),
    )
    .command(
      "compare <baseline> <current>",
      "decide on two results files without measuring",
      (y) =>
        y
          .positional("baseline", { type: "string", demandOption: true })
          .positional("current", { type: "string", demandOption: true })
          .options(decisionOptions)
          .option("max-age", { type: "string", describe: "warn when the baseline is older (e.g. 30d)" })
          .option("reports", { type: "boolean", default: false, describe: "also write the metrics/ report files" })
          .option("paired", {
            type: "boolean",
            default: false,
            describe:
              "sample i of each file was measured back to back: decide on the pairs (median per-pair ratio, sign test)",
          }),
      run(async (a) =>
        (await commands.check()).compareCommand({
          ...decisionArgs(a),
          baselineFile: a.baseline,
          currentFile: a.current,
          reports: a.reports,
          paired: a.paired,
        }),
      ),
    )
    .command(
      "import <files..>",
      "convert another tool's JSON results into a perfgate baseline-format file: one sample per benchmark per file",
      (y) =>
        y
          .positional("files", {
            type: "string",
            array: true,
            demandOption: true,
            describe: "JSON files the tool wrote; each is one run",
          })
          .option("format", { choices: IMPORT_FORMATS, demandOption: true, describe: "tool that wrote the files" })
          .option("out", { type: "string", default: DEFAULT_BASELINE_PATH, describe: "baseline-format file to write" })
          .option("append", {
            type: "boolean",
            default: false,
            describe:
              "add the files' runs to the imported file --out names (created if missing) instead of replacing it",
          })
          .example(
            "perfgate import --format pytest-benchmark run1.json run2.json run3.json run4.json --out current.json",
            "each file is one run (one sample per benchmark: its median); a verdict needs at least 4 a side; then: perfgate compare <baseline> current.json",
          )
          .example("perfgate import --format hyperfine h5.json --out current.json --append", "add one more run"),
      run(async (a) =>
        (await commands.import()).importCommand({
          C: a.C,
          json: a.json,
          format: a.format as ImportFormat,
          files: a.files,
          out: a.out,
          append: a.append,
        }),
      ),
    )
    .command(
      "calibrate",
      "A/A run on this runner: this tree against itself, paired; shows the noise, false alarms and the smallest detectable slowdown",
      (y) =>
        y
          .option("runs", {
            type: "string",
            requiresArg: true,
            default: 3,
            coerce: numberOption("--runs", "--runs 3"),
            describe: "runs per A/A check (as the workflow's check uses)",
          })
          .option("repeat", {
            type: "string",
            requiresArg: true,
            default: 3,
            coerce: numberOption("--repeat", "--repeat 3"),
            describe: "A/A checks to run",
          })
          .option("threshold", decisionOptions.threshold)
          .option("verbose", { type: "boolean", default: false, describe: "print progress" })
          .example("perfgate calibrate --runs 3", "before making the gate blocking: is it trustworthy on this runner?"),
      run(async (a) =>
        (await commands.calibrate()).calibrateCommand({
          C: a.C,
          json: a.json,
          runs: a.runs,
          repeat: a.repeat,
          threshold: a.threshold ?? 10,
          verbose: a.verbose,
        }),
      ),
    )
    // Artifacts of other runs, for workflows that would rather not depend on a third-party action.
    .command(artifactCommand)
    .demandCommand(1, "name a command: init, establish, check, validate, compare, import, calibrate or artifact")
    .recommendCommands()
    .epilog(EPILOG)
    .wrap(Math.min(110, process.stdout.columns || 100))
    .parseAsync();
}

if (process.env[WORKER_ENV] === WORKER_ROLE) {
  // The bundle measures module benchmarks in child processes of itself (see measure/bench-worker.ts).
  delete process.env[WORKER_ENV];
  commands.worker().then((m) => m.runBenchWorker());
} else {
  // process.argv minus node and the script, as yargs' hideBin gives it outside Electron.
  const args = process.argv.slice(2);
  main(args).catch((error) => {
    process.exitCode = reportError(error, args.includes("--json"));
  });
}
