import { readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";

/** Removes build-* folders in runnerDir: with the provisioning lock held, they are leftovers of a killed run. */
export async function removeStaleBuilds(runnerDir: string): Promise<void> {
  for (const entry of await readdir(runnerDir)) {
    if (entry.startsWith("build-")) await removeBuildDir(join(runnerDir, entry));
  }
}

/** Unmounts anything debootstrap left mounted inside (a killed run can leave /proc) before deleting. */
export async function removeBuildDir(dir: string): Promise<void> {
  const mounts = (await readFile("/proc/mounts", "utf8").catch(() => ""))
    .split("\n")
    .map((l) => l.split(" ")[1] ?? "")
    .filter((p) => p.startsWith(`${dir}/`))
    // Deepest first: a parent mount cannot go while a child is still mounted.
    .sort((a, b) => b.length - a.length);
  for (const mount of mounts) await execa("umount", ["-l", mount], { reject: false });
  await rm(dir, { recursive: true, force: true });
}
