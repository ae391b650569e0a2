/**
 * `pnpm run doctor` (plain `pnpm doctor` is pnpm's built-in) and `pnpm run toolchain` (provision): report on / set up the Docker engine,
 * act and the runner image. `--json` prints one JSON document on stdout; progress goes to stderr.
 */
import { EXIT, guard, reportError, setupCli } from "@perfgate/cli-kit";
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { type DoctorReport, doctor } from "../toolchain/doctor.ts";
import { ensureToolchain, type Toolchain } from "../toolchain/ensure.ts";
import { ToolchainError } from "../toolchain/errors.ts";
import { formatBytes } from "../toolchain/format-bytes.ts";

const MARK = { ok: "ok     ", missing: "MISSING", error: "ERROR  " } as const;

function printDoctor(report: DoctorReport): void {
  const width = Math.max(...report.parts.map((p) => p.name.length));
  console.log("perfgate doctor");
  for (const p of report.parts) {
    const note = p.status !== "ok" && !p.needed ? " (not needed now)" : "";
    console.log(`  ${MARK[p.status]}  ${p.name.padEnd(width)}  ${p.detail}${note}`);
    if (p.remedy && p.status !== "ok" && p.needed)
      console.log(`  ${" ".repeat(7)}  ${" ".repeat(width)}  remedy: ${p.remedy}`);
  }
  console.log(report.ok ? "All parts ready." : "Not ready: see the remedies above (exit code 1).");
}

function printToolchain(t: Toolchain): void {
  const secs = (t.durationMs / 1000).toFixed(1);
  console.log(
    t.cached
      ? `Toolchain ready in ${secs} s; everything was already in place (cached), nothing installed or built.`
      : `Toolchain ready in ${secs} s; did: ${t.actions.join(", ")}.`,
  );
  console.log(`  Docker engine  ${t.docker.version} at ${t.docker.socketPath}`);
  console.log(`  act            ${t.act.version} at ${t.act.path}`);
  console.log(`  runner image   ${t.image.tag} (${formatBytes(t.image.sizeBytes)})`);
}

// Errors: the one CLI contract of @perfgate/cli-kit (`toolchain: error:` + remedy, exit 2; with --json
// one line {"error":{code,message,remedy}}). A part not ready is doctor's answer: exit 1.
const report = { cli: "toolchain" };
const args = hideBin(process.argv);

// In a function: yargs' parseAsync throws validation errors synchronously, the catch below needs a rejection.
async function main(): Promise<void> {
  await setupCli(yargs(args), {
    name: "toolchain",
    usageError: (message) =>
      new ToolchainError("USAGE", message, "run `pnpm run doctor` or `pnpm run toolchain` (see `--help`)"),
  })
    .option("json", { type: "boolean", default: false, describe: "print a JSON document on stdout" })
    .command(
      "doctor",
      "check Node, pnpm, Docker engine, act, runner image and Go; exit 0 only when all are ready",
      () => {},
      guard(report, async (argv) => {
        const doctorReport = await doctor();
        if (argv.json) console.log(JSON.stringify(doctorReport, null, 2));
        else printDoctor(doctorReport);
        return doctorReport.ok ? EXIT.ok : EXIT.failed;
      }),
    )
    .command(
      "provision",
      "install/start/build whatever is missing (Docker engine, act, runner image)",
      () => {},
      guard(report, async (argv) => {
        const onProgress = (msg: string) => (argv.json ? console.error : console.log)(`toolchain: ${msg}`);
        const t = await ensureToolchain({ onProgress });
        if (argv.json) console.log(JSON.stringify({ ok: true, ...t }, null, 2));
        else printToolchain(t);
        return EXIT.ok;
      }),
    )
    .demandCommand(1, "name a command: doctor or provision")
    .help()
    .parseAsync();
}

await main().catch((error: unknown) => {
  process.exitCode = reportError(error, { ...report, json: args.includes("--json") });
});
