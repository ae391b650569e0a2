import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import * as core from "@actions/core";
import semver from "semver";
import { runAction } from "../../../shared/run.ts";

/** Does the running Node satisfy a setup-node version spec (`20`, `20.x`, `>=18`, `lts/*`, `node`)? */
export function satisfies(version: string, spec: string): boolean {
  const s = spec.trim();
  if (s === "" || s === "node" || s === "latest" || s.startsWith("lts/")) return true;
  return semver.satisfies(version, s.replace(/^v/, ""));
}

async function main(): Promise<void> {
  let spec = core.getInput("node-version");
  const versionFile = core.getInput("node-version-file");
  if (spec && versionFile)
    core.warning("Both node-version and node-version-file inputs are specified, only node-version will be used");
  if (!spec && versionFile) {
    const file = resolve(process.env.GITHUB_WORKSPACE ?? process.cwd(), versionFile);
    if (!existsSync(file)) throw new Error(`The specified node version file at: ${file} does not exist`);
    const text = readFileSync(file, "utf8").trim();
    spec = versionFile.endsWith("package.json") ? (JSON.parse(text).engines?.node ?? "") : (text.split("\n")[0] ?? "");
  }
  const have = process.version;
  if (spec && !satisfies(have, spec)) {
    throw new Error(
      `Node ${spec} was requested, but it cannot be downloaded offline and the runner image has Node ${have}; ` +
        "request a version the runner image has.",
    );
  }
  if (core.getInput("cache"))
    core.info(`Caching (${core.getInput("cache")}) is not available offline; continuing without it.`);
  core.info(`Offline stand-in for actions/setup-node: using the runner image's Node ${have} at ${process.execPath}.`);
  core.setOutput("node-version", have);
  core.setOutput("cache-hit", false);
}

runAction(main);
