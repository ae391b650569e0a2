import os from "node:os";
import type { Fingerprint } from "./schema.ts";

/** Describe this machine: what a baseline was measured on. */
export function currentFingerprint(env: NodeJS.ProcessEnv = process.env): Fingerprint {
  const cpus = os.cpus();
  return {
    os: os.platform(),
    osRelease: os.release(),
    arch: os.arch(),
    cpuModel: (cpus[0]?.model ?? "unknown").trim(),
    cores: typeof os.availableParallelism === "function" ? os.availableParallelism() : cpus.length,
    nodeVersion: process.version,
    runnerName: env["RUNNER_NAME"] || null,
    runnerLabel: env["PERFGATE_RUNNER_LABEL"] || env["ImageOS"] || env["RUNNER_OS"] || null,
  };
}

/**
 * Coarse bucket: the fields that change timings materially. CPU clock figures
 * ("@ 2.20GHz") and kernel patch levels are dropped so that clock-speed jitter
 * and routine updates do not count as another machine.
 */
export function fingerprintBucket(f: Fingerprint): Record<string, string> {
  const cpu = f.cpuModel
    .replace(/@\s*[\d.]+\s*[GM]Hz/i, "")
    .replace(/\b[\d.]+\s*[GM]Hz\b/i, "")
    .replace(/\s+/g, " ")
    .trim();
  return {
    os: f.os,
    arch: f.arch,
    cpu,
    cores: String(f.cores),
    node: f.nodeVersion.replace(/^v?(\d+).*$/, "$1"),
  };
}

/** Human-readable differences between two fingerprints' buckets; empty when the same machine class. */
export function fingerprintDifferences(a: Fingerprint, b: Fingerprint): string[] {
  const ba = fingerprintBucket(a);
  const bb = fingerprintBucket(b);
  return Object.keys(ba)
    .filter((k) => ba[k] !== bb[k])
    .map((k) => `${k} ${JSON.stringify(ba[k])} -> ${JSON.stringify(bb[k])}`);
}
