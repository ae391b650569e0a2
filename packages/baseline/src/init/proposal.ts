import type { HarnessId } from "../harness/types.ts";

/** A harness entry: perfgate runs `run` (plus the harness's own output and time-budget flags) and reads every benchmark it reports. */
export interface HarnessEntry {
  harness: HarnessId;
  run: string;
  /** A prefix for its benchmarks' names (set when two entries of one harness could clash). */
  name?: string;
  cwd?: string;
  env?: Record<string, string>;
  /** Builds what this entry runs, once in each tree (after the top-level `setup`). */
  setup?: string;
}

/** A whole process timed: right for a start-up or a one-shot command, blind inside a suite. */
export interface CommandEntry {
  name: string;
  command: string;
}

/** A JS module whose exported functions are measured in-process. */
export interface ModuleEntry {
  name?: string;
  module: string;
}

export type Entry = HarnessEntry | CommandEntry | ModuleEntry;

/** One benchmark entry for perfgate.config.json, and why init proposes it. */
export interface Proposal {
  benchmark: Entry;
  /** What was found, in words ("package.json script `bench`"). */
  found: string;
  /** Something the user should look at before trusting the gate. */
  check?: string;
}

/**
 * What the workflow must provide before perfgate runs (toolchains, system packages). Project
 * dependencies are not here: `setup` installs them in each tree.
 */
export type Need =
  | "node"
  | "corepack"
  | "python"
  | "go"
  | "rust-stable"
  | "rust-nightly"
  | `java-${number}`
  | "apt-hyperfine"
  | "apt-libbenchmark-dev";

/** What one ecosystem's detector found. */
export interface Found {
  proposals: Proposal[];
  /** Commands for the top-level `setup` (dependency installs), in order. */
  install: string[];
  needs: Need[];
  /** What init could not tell, for the user to settle. */
  notes: string[];
}

export const nothingFound = (): Found => ({ proposals: [], install: [], needs: [], notes: [] });

export function isHarness(e: Entry): e is HarnessEntry {
  return "harness" in e;
}

/** A file name or command as printed: quoted and escaped when it holds a control character (a line break would forge a log line). */
export function shown(text: string): string {
  return /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(text) ? JSON.stringify(text) : text;
}

/** A benchmark name from a path or command: letters, digits, `-`, `_`, `.`, `/`. */
export function nameOf(s: string): string {
  return (
    s
      .replace(/\.(bench|benchmark)\.[cm]?[jt]sx?$/, "")
      .replace(/[^\w./-]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60) || "benchmark"
  );
}

/** The folder part of a relative path ("" at the root). */
export function dirOf(rel: string): string {
  const i = rel.lastIndexOf("/");
  return i < 0 ? "" : rel.slice(0, i);
}

/** `rel` as seen from `dir` (both relative to the root). */
export function relativeTo(dir: string, rel: string): string {
  return dir === "" ? rel : rel.slice(dir.length + 1);
}
