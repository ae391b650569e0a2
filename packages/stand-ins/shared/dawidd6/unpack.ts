import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as core from "@actions/core";
import * as exec from "@actions/exec";
import AdmZip from "adm-zip";
import type { ArtifactChoice } from "./inputs.ts";

export interface UnpackOptions {
  path: string;
  artifacts: ArtifactChoice;
  skipUnpack: boolean;
  useUnzip: boolean;
  mergeMultiple: boolean;
}

/**
 * Where an artifact's files go: `path` itself for the one named artifact (or for regexp
 * matches merged with `merge_multiple`), else `path/<artifact name>/`.
 */
export function destinationOf(options: UnpackOptions, artifactName: string): string {
  const { name, nameIsRegExp } = options.artifacts;
  return name && (!nameIsRegExp || options.mergeMultiple) ? options.path : join(options.path, artifactName);
}

/**
 * Puts one downloaded zip on disk: as `path/<name>.zip` with `skip_unpack`, else extracted
 * (existing files overwritten) by the system's unzip or by adm-zip, whose entries are logged
 * one line each like unzip's own output.
 */
export async function unpack(zip: Buffer, artifactName: string, options: UnpackOptions): Promise<void> {
  if (options.skipUnpack) {
    mkdirSync(options.path, { recursive: true });
    writeFileSync(`${join(options.path, artifactName)}.zip`, zip);
    return;
  }
  const dir = destinationOf(options, artifactName);
  mkdirSync(dir, { recursive: true });
  core.startGroup(`==> Extracting: ${artifactName}.zip`);
  if (options.useUnzip) {
    const zipPath = `${join(dir, artifactName)}.zip`;
    writeFileSync(zipPath, zip);
    await exec.exec("unzip", [zipPath, "-d", dir]);
    rmSync(zipPath);
  } else {
    const archive = new AdmZip(zip);
    for (const entry of archive.getEntries()) {
      core.info(`  ${entry.isDirectory ? "creating" : "inflating"}: ${join(dir, entry.entryName)}`);
    }
    archive.extractAllTo(dir, true);
  }
  core.endGroup();
}
