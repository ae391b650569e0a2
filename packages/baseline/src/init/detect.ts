import type { HarnessId } from "../harness/types.ts";
import { detectCpp } from "./cpp.ts";
import { detectGo } from "./go.ts";
import { detectHyperfine } from "./hyperfine.ts";
import { detectJava } from "./java.ts";
import { detectNode } from "./node.ts";
import { type Found, isHarness, type Need, type Proposal } from "./proposal.ts";
import { detectPython } from "./python.ts";
import { detectRust } from "./rust.ts";
import { listFiles, reader, type Scan } from "./scan.ts";

export { hyperfineCommands } from "./hyperfine.ts";
export type { Proposal } from "./proposal.ts";

/** Everything init proposes for a repository. */
export interface Detection {
  proposals: Proposal[];
  /** The top-level `setup`: dependency installs, run once in each tree. */
  setup?: string;
  needs: Need[];
  /** What init could not tell. */
  notes: string[];
}

/**
 * Every benchmark source init recognises in `root`, as config proposals (may be empty). A file
 * it cannot read is skipped and named through `warn`.
 */
export async function detectBenchmarks(root: string, warn: (message: string) => void = () => {}): Promise<Detection> {
  const scan: Scan = { files: await listFiles(root), read: reader(root, warn) };
  const others: Found[] = [];
  for (const detect of [detectPython, detectGo, detectRust, detectCpp, detectJava, detectHyperfine])
    others.push(await detect(scan));
  const covered = new Set<HarnessId>(
    others
      .flatMap((f) => f.proposals.map((p) => p.benchmark))
      .filter(isHarness)
      .map((e) => e.harness),
  );
  const all = [await detectNode(scan, covered), ...others];
  const install = [...new Set(all.flatMap((f) => f.install))];
  return {
    proposals: dedupe(all.flatMap((f) => f.proposals)),
    ...(install.length > 0 ? { setup: install.join(" && ") } : {}),
    needs: [...new Set(all.flatMap((f) => f.needs))],
    notes: [...new Set(all.flatMap((f) => f.notes))],
  };
}

/** Command and module names must be unique in a config: a clash gets `-2`, `-3`. */
function dedupe(ps: Proposal[]): Proposal[] {
  const seen = new Set<string>();
  return ps.map((p) => {
    const base = p.benchmark.name;
    if (base === undefined) return p;
    let name = base;
    for (let i = 2; seen.has(name); i++) name = `${base}-${i}`;
    seen.add(name);
    return { ...p, benchmark: { ...p.benchmark, name } };
  });
}
