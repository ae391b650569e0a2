import { existsSync, mkdirSync, readFileSync, symlinkSync } from "node:fs";
import { join, resolve } from "node:path";
import * as core from "@actions/core";
import { runAction } from "../../shared/run.ts";

/** Finds the runner image's Python 3; micromamba itself cannot be downloaded offline. */
function findPython(): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(":").concat(["/usr/bin", "/usr/local/bin"])) {
    const p = join(dir, "python3");
    if (dir && existsSync(p)) return p;
  }
  return undefined;
}

/** The `dependencies:` of an environment.yml, read line by line (enough to name them in the log). */
function listDependencies(text: string): string[] {
  const deps: string[] = [];
  let inDeps = false;
  for (const line of text.split("\n")) {
    if (/^dependencies:\s*$/.test(line)) inDeps = true;
    else if (/^\S/.test(line)) inDeps = false;
    else if (inDeps) {
      const m = /^\s+-\s+([^\s#]+)\s*$/.exec(line);
      if (m) deps.push(m[1]!);
    }
  }
  return deps;
}

async function main(): Promise<void> {
  const envFile = core.getInput("environment-file");
  const envName = core.getInput("environment-name");
  const createArgs = core.getInput("create-args");
  if (core.getInput("micromamba-url") && core.getInput("micromamba-version")) {
    throw new Error("You must specify either a micromamba URL or a micromamba version, not both.");
  }
  if (core.getInput("condarc-file") && core.getInput("condarc")) {
    throw new Error("You must specify either a condarc file or a condarc string, not both.");
  }
  let name = envName;
  if (envFile) {
    const file = resolve(process.env.GITHUB_WORKSPACE ?? process.cwd(), envFile);
    if (!existsSync(file)) throw new Error(`Environment file ${envFile} does not exist (looked at ${file}).`);
    const text = readFileSync(file, "utf8");
    name ||= /^name:\s*(\S+)/m.exec(text)?.[1] ?? "";
    const deps = listDependencies(text);
    core.info(`Environment file ${envFile}: ${deps.length} dependencies (${deps.join(", ") || "none"})`);
  } else if (!envName && !createArgs) {
    core.info("No environment to create; only micromamba would have been installed.");
  }
  if ((envFile || createArgs) && !name) throw new Error("You need to specify an environment name.");

  const python = findPython();
  if (!python) {
    throw new Error(
      "micromamba cannot be downloaded offline and the runner image has no python3; add python3 to the runner image.",
    );
  }
  // `python` on PATH, as an activated Conda environment would provide.
  const binDir = join(process.env.RUNNER_TEMP || "/tmp", "perfgate-micromamba", "bin");
  mkdirSync(binDir, { recursive: true });
  const link = join(binDir, "python");
  if (!existsSync(link)) symlinkSync(python, link);
  core.addPath(binDir);
  if (name) core.exportVariable("CONDA_DEFAULT_ENV", name);
  core.warning(
    `Offline stand-in for mamba-org/setup-micromamba: micromamba and the packages of environment '${name || "(none)"}' ` +
      `are not installed; steps use the runner image's ${python} as python.`,
  );
}

runAction(main);
