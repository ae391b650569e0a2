import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RUN_LABEL_KEY } from "@perfgate/workflow-driver";
import { execa } from "execa";
import { paths } from "../src/paths.ts";

const cli = join(paths.appDir, "src", "cli.ts");

/** Runs the simulator CLI as a user would: a separate process through tsx. */
export async function simulateCli(args: string[]) {
  return execa("npx", ["tsx", cli, ...args], { cwd: paths.appDir, reject: false, env: { FORCE_COLOR: "0" } });
}

export const tempStateDir = () => mkdtemp(join(tmpdir(), "perfgate-sim-test-"));

/**
 * Containers the sample workflow's runs left behind: driver-labelled, named by act after the
 * workflow ("Testing Quality Gates"); other packages' tests may be running their own meanwhile.
 */
export async function leftoverContainers(): Promise<string[]> {
  const res = await execa("docker", ["ps", "-a", "--filter", `label=${RUN_LABEL_KEY}`, "--format", "{{.Names}}"]);
  return res.stdout.split("\n").filter((n) => /Testing-Quality-Gates/i.test(n));
}
