import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureToolchain, RUN_LABEL_KEY } from "@perfgate/workflow-driver";
import { execa } from "execa";
import { afterAll, beforeAll } from "vitest";
import { paths } from "../src/paths.ts";
import { type Report, ReportSchema } from "../src/report.ts";

const cli = join(paths.appDir, "src", "cli.ts");

/**
 * Runs the simulator CLI as a user would: a separate process through tsx's loader. Node itself,
 * not `npx tsx`: under `pnpm test` npx prints npm's own config warnings on stderr first.
 */
export async function simulateCli(args: string[]) {
  return execa(process.execPath, ["--import", "tsx", cli, ...args], {
    cwd: paths.appDir,
    reject: false,
    env: { FORCE_COLOR: "0" },
  });
}

export const tempStateDir = () => mkdtemp(join(tmpdir(), "perfgate-sim-test-"));

/**
 * For an end-to-end file: provisions the toolchain (first run builds act and the image) and a
 * fresh state dir before its tests, removes the dir after; returns the dir's path.
 */
export function useToolchainAndStateDir(): () => string {
  let state: string | undefined;
  beforeAll(async () => {
    await ensureToolchain();
    state = await tempStateDir();
  }, 15 * 60_000);
  afterAll(async () => {
    if (state) await rm(state, { recursive: true, force: true });
  });
  return () => {
    if (!state) throw new Error("the state dir is made in beforeAll; read it inside a test");
    return state;
  };
}

/**
 * Containers the sample workflow's runs left behind: driver-labelled, named by act after the
 * workflow ("Testing Quality Gates"); other packages' tests may be running their own meanwhile.
 */
export async function leftoverContainers(): Promise<string[]> {
  const res = await execa("docker", ["ps", "-a", "--filter", `label=${RUN_LABEL_KEY}`, "--format", "{{.Names}}"]);
  return res.stdout.split("\n").filter((n) => /Testing-Quality-Gates/i.test(n));
}

type CliResult = Awaited<ReturnType<typeof simulateCli>>;

/**
 * The report a `--json` run printed. When stdout holds none (the simulator stopped with an error),
 * the failure says so with the exit code and stderr's tail, not as a bare JSON or zod error.
 */
export function reportOf(res: CliResult): Report {
  try {
    return ReportSchema.parse(JSON.parse(res.stdout));
  } catch (err) {
    throw new Error(
      `no report on stdout (exit ${res.exitCode}): ${(err as Error).message.slice(0, 300)}\n` +
        `stdout: ${res.stdout.slice(0, 1000)}\nstderr (tail):\n${res.stderr.slice(-4000)}`,
    );
  }
}

/** Every checklist item that did not pass, with its evidence, for an assertion's diff. */
export const failedItems = (report: Report) =>
  report.scenarios.flatMap((s) => s.items.filter((i) => !i.passed).map((i) => `${s.name}: ${i.text} -- ${i.evidence}`));
