/**
 * `pnpm run doctor` (plain `pnpm doctor` is pnpm's built-in) and `pnpm run toolchain` (provision): report on / set up the Docker engine,
 * act and the runner image. `--json` prints one JSON document on stdout; progress goes to stderr.
 */
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { type DoctorReport, doctor } from "../toolchain/doctor.ts";
import { ensureToolchain, type Toolchain } from "../toolchain/ensure.ts";
import { isToolchainError } from "../toolchain/errors.ts";
import { formatBytes } from "../toolchain/format-bytes.ts";

const MARK = { ok: "ok     ", missing: "MISSING", error: "ERROR  " } as const;

function printDoctor(report: DoctorReport): void {
  const width = Math.max(...report.parts.map((p) => p.name.length));
  console.log("perfgate doctor");
  for (const p of report.parts) {
    const note = p.status !== "ok" && !p.needed ? " (not needed now)" : "";
    console.log(`  ${MARK[p.status]}  ${p.name.padEnd(width)}  ${p.detail}${note}`);
    if (p.fix && p.status !== "ok" && p.needed)
      console.log(`  ${" ".repeat(7)}  ${" ".repeat(width)}  remedy: ${p.fix}`);
  }
  console.log(report.ok ? "All parts ready." : "Not ready: fix the parts above (exit code 1).");
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

function fail(err: unknown, json: boolean): never {
  if (json) {
    const error = isToolchainError(err)
      ? { code: err.code, message: err.message, remedy: err.remedy }
      : { code: "UNEXPECTED", message: err instanceof Error ? err.message : String(err) };
    console.log(JSON.stringify({ ok: false, error }, null, 2));
  } else if (isToolchainError(err)) {
    console.error(`toolchain: error: ${err.message}\n  remedy: ${err.remedy}`);
  } else {
    console.error(
      `toolchain: error: unexpected failure: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
    );
  }
  process.exit(1);
}

await yargs(hideBin(process.argv))
  .scriptName("toolchain")
  .option("json", { type: "boolean", default: false, describe: "print a JSON document on stdout" })
  .command(
    "doctor",
    "check Node, pnpm, Docker engine, act, runner image and Go; exit 0 only when all are ready",
    () => {},
    async (argv) => {
      try {
        const report = await doctor();
        if (argv.json) console.log(JSON.stringify(report, null, 2));
        else printDoctor(report);
        process.exitCode = report.ok ? 0 : 1;
      } catch (err) {
        fail(err, argv.json);
      }
    },
  )
  .command(
    "provision",
    "install/start/build whatever is missing (Docker engine, act, runner image)",
    () => {},
    async (argv) => {
      const onProgress = (msg: string) => (argv.json ? console.error : console.log)(`toolchain: ${msg}`);
      try {
        const t = await ensureToolchain({ onProgress });
        if (argv.json) console.log(JSON.stringify({ ok: true, ...t }, null, 2));
        else printToolchain(t);
      } catch (err) {
        fail(err, argv.json);
      }
    },
  )
  .demandCommand(1, "name a command: doctor or provision")
  .strict()
  .help()
  .parseAsync();
