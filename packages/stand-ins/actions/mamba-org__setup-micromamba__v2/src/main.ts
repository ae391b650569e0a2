import { existsSync, mkdirSync, readFileSync, symlinkSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import * as core from "@actions/core";
import { parse } from "yaml";
import { runAction } from "../../../shared/run.ts";

/** Finds the runner image's Python 3; micromamba itself cannot be downloaded offline. */
function findPython(): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(":").concat(["/usr/bin", "/usr/local/bin"])) {
    const p = join(dir, "python3");
    if (dir && existsSync(p)) return p;
  }
  return undefined;
}

/** An environment.yml's `name:` and `dependencies:` (strings; a nested `pip:` list counts as `pip`). */
function readEnvironment(text: string, file: string): { name: string; deps: string[] } {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    throw new Error(`Environment file ${file} is not valid YAML: ${(err as Error).message}`);
  }
  const env = (typeof doc === "object" && doc !== null ? doc : {}) as { name?: unknown; dependencies?: unknown };
  const deps = (Array.isArray(env.dependencies) ? env.dependencies : []).flatMap((d: unknown) =>
    typeof d === "string" ? [d] : typeof d === "object" && d !== null ? Object.keys(d) : [],
  );
  return { name: typeof env.name === "string" ? env.name : "", deps };
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
    const env = readEnvironment(text, envFile);
    name ||= env.name;
    const deps = env.deps;
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
  // Set when an environment was asked for, as upstream; here the directory whose bin/ has python.
  if (envFile || envName) core.setOutput("environment-path", dirname(binDir));
  core.warning(
    `Offline stand-in for mamba-org/setup-micromamba: micromamba and the packages of environment '${name || "(none)"}' ` +
      `are not installed; steps use the runner image's ${python} as python.`,
  );
}

runAction(main);
