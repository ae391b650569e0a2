import { MeasureError } from "../errors.ts";
import { type Config, SETUP_TIMEOUT_MS } from "../schema.ts";
import { outputTail } from "./output-tail.ts";
import { spawnGroup, timeExit } from "./process-group.ts";

/** Run one `setup` command in a tree; its failure is a MeasureError naming the tree and the output. */
export async function runSetup(command: string, cwd: string, label: string, timeoutMs: number): Promise<void> {
  const output = outputTail();
  const child = spawnGroup("/bin/sh", ["-c", command], { cwd, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout?.on("data", (c: Buffer) => output.push(c));
  child.stderr?.on("data", (c: Buffer) => output.push(c));
  const exit = await timeExit(child, process.hrtime.bigint(), timeoutMs);
  if (exit.timedOut || exit.code !== 0) {
    const why = exit.timedOut ? `timed out after ${timeoutMs} ms` : `exited with code ${exit.code}`;
    const said = output.describe();
    throw new MeasureError(
      `setup (${label})`,
      `setup command \`${command}\` ${why} in the ${label} tree (${cwd})${said ? `\n  output: ${said.replace(/\n/g, "\n          ")}` : ""}`,
      `fix "setup" in perfgate.config.json; it must succeed in both the base commit and your change`,
    );
  }
}

/** Every set-up command of `config`, in order: the top-level `setup`, then each harness entry's. */
export function setupCommands(config: Config): string[] {
  return [
    ...(config.setup ? [config.setup] : []),
    ...config.benchmarks.flatMap((b) => (b.kind === "harness" && b.setup ? [b.setup] : [])),
  ];
}

/**
 * Prepare the tree at `dir` (this one, or the base commit's worktree) as `setup` says, once,
 * before anything is measured there: each tree installs and builds its own code.
 */
export async function runSetups(
  config: Config,
  dir: string,
  label: string,
  say: (message: string) => void,
): Promise<void> {
  for (const command of setupCommands(config)) {
    say(`setup \`${command}\` in the ${label} tree`);
    await runSetup(command, dir, label, SETUP_TIMEOUT_MS);
  }
}
