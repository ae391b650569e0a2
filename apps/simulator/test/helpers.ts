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

/** Containers any act run of the driver left behind (they carry the driver's run label). */
export async function leftoverContainers(): Promise<string[]> {
  const res = await execa("docker", ["ps", "-a", "--filter", `label=${RUN_LABEL_KEY}`, "--format", "{{.Names}}"]);
  return res.stdout.split("\n").filter(Boolean);
}
