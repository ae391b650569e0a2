#!/usr/bin/env -S npx tsx
import { setupCli } from "@perfgate/cli-kit";
import yargs, { type Argv } from "yargs";
import { hideBin } from "yargs/helpers";
import { reportError, SimulatorError } from "./errors.ts";
import { paths } from "./paths.ts";
import { createProgress } from "./progress.ts";
import { formatTable, reportPassed } from "./report.ts";
import { ALL_ORDER, SCENARIOS, type ScenarioName } from "./scenarios/index.ts";
import { simulate } from "./simulate.ts";
import { repoOptions, type RepoArgs, repoSimulateOptions } from "./repo/repo-cli.ts";
import { simulateRepo } from "./repo/simulate-repo.ts";
import { runCommand, timeoutMs, timeoutOption } from "./run-command.ts";
import { resetState, stateLayout } from "./state-dir.ts";
import { formatStatus, readStatus } from "./status.ts";
import { selectWorkflows, WORKFLOWS } from "./workflows.ts";

interface Common {
  state: string;
  json: boolean;
  verbose: boolean;
  keep: boolean;
  reset: boolean;
  timeout: number | undefined;
  workflow?: string;
}

const common = (y: Argv) =>
  y
    .option("state", {
      type: "string",
      describe: "state directory (mock store, report)",
      default: paths.defaultStateDir(),
      defaultDescription: "<repo>/.perfgate/state",
    })
    .option("json", {
      type: "boolean",
      default: false,
      describe: "print the report as JSON on stdout (progress stays on stderr)",
    })
    .option("verbose", { type: "boolean", default: false, describe: "also show every log line of every step" })
    .option("keep", {
      type: "boolean",
      default: false,
      describe:
        "keep work copies, act logs and the job containers for debugging (failed scenarios always keep their work copy and log)",
    })
    .option("reset", { type: "boolean", default: false, describe: "empty the state directory first" })
    .option("timeout", timeoutOption("seconds one workflow run may take"))
    .option("workflow", {
      type: "string",
      describe: `sample workflow to replay the scenarios with: all, or one of ${WORKFLOWS.map((w) => w.file).join(", ")}; with --repo: your workflow file (name in .github/workflows/ or path; default: the one that runs perfgate)`,
      defaultDescription: `all for \`all\`, ${WORKFLOWS[0]!.file} for one scenario`,
    });

async function runScenarios(names: ScenarioName[], argv: Common & RepoArgs, defaultWorkflow: string): Promise<number> {
  const progress = createProgress({ verbose: argv.verbose });
  const opts = {
    stateDir: argv.state,
    reset: argv.reset,
    keep: argv.keep,
    progress,
    timeoutMs: timeoutMs(argv.timeout),
  };
  const repo = repoSimulateOptions(argv);
  const report = repo
    ? await simulateRepo(names, { ...opts, ...repo })
    : await simulate(names, { ...opts, workflows: selectWorkflows(argv.workflow ?? defaultWorkflow) });
  if (argv.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else process.stdout.write(`\n${formatTable(report)}\nReport: ${stateLayout(argv.state).reportFile}\n`);
  return reportPassed(report) ? 0 : 1;
}

async function main(): Promise<number> {
  let code = 0;
  const cli = setupCli(yargs(hideBin(process.argv)), {
    name: "simulate",
    usageError: (message, _usage, _cause, remedy) =>
      new SimulatorError("USAGE", message, remedy ?? "See `pnpm simulate --help`."),
  })
    .usage(
      "$0 <scenario|all|status|reset|run> [options]\n\nReplays perfgate's CI workflow through act in Docker against a mock GitHub and checks the plan's checklists.",
    )
    .demandCommand(1, "Name a scenario (or all, status, reset).")
    .recommendCommands()
    .help()
    .wrap(Math.min(110, process.stdout.columns ?? 110));

  for (const name of ALL_ORDER) {
    cli.command(
      name,
      SCENARIOS[name].title,
      (y) => repoOptions(common(y)),
      async (argv) => {
        code = await runScenarios([name], argv, WORKFLOWS[0]!.file);
      },
    );
  }
  cli.command(
    "all",
    `every scenario in order (${ALL_ORDER.join(", ")}), with each sample workflow (with --repo: yours)`,
    (y) => repoOptions(common(y)),
    async (argv) => {
      code = await runScenarios(ALL_ORDER, argv, "all");
    },
  );
  cli.command(
    "status",
    "runs and artifacts in the mock's store",
    (y) => common(y),
    async (argv) => {
      const status = await readStatus(argv.state);
      process.stdout.write(argv.json ? `${JSON.stringify(status, null, 2)}\n` : `${formatStatus(status)}\n`);
    },
  );
  cli.command(
    "reset",
    "empty the state directory (store, work copies, report)",
    (y) => common(y),
    async (argv) => {
      const removed = await resetState(stateLayout(argv.state));
      process.stdout.write(
        `emptied ${stateLayout(argv.state).root}${removed.length ? ` (removed ${removed.join(", ")})` : " (it was empty)"}\n`,
      );
    },
  );
  cli.command(
    "run",
    "run any repository's workflow through act against the mock (`simulate run --help`)",
    (y) => y.strict(false).help(false),
    async () => {
      // run-command.ts owns this command's options; hand it every word after `run`.
      const words = hideBin(process.argv);
      code = await runCommand(words.slice(words.indexOf("run") + 1));
    },
  );
  await cli.parseAsync();
  return code;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.exitCode = reportError(err, { json: hideBin(process.argv).includes("--json") });
  },
);
