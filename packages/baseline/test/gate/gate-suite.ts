/**
 * The gate as a new user sets it up: a small real project made with its ecosystem's tools,
 * committed on main; `perfgate init` writes the config; `establish` on main; then `check` on a
 * pull request that changes nothing (must pass) and on one that slows one benchmark (must fail
 * naming that benchmark and no other).
 */
import { promises as fs } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { HarnessId } from "../../src/harness/types.ts";
import { git, removeTempProjects, runCli, tempProject } from "../helpers.ts";

export interface GateCase {
  /** The harness id `init` must write an entry for. */
  harness: HarnessId;
  /** Build (or rebuild, with `slow`) the project in `dir`. */
  make: (dir: string, opts: { slow?: string }) => Promise<unknown>;
  /** Every benchmark the harness reports, as perfgate names them. */
  benchmarks: readonly string[];
  slow: string;
  /** Environment for perfgate (e.g. a shared cargo target folder). */
  env?: Record<string, string>;
  runs?: number;
  provision?: () => Promise<unknown>;
}

interface Checked {
  code: number;
  output: string;
  regressed: string[];
  verdicts: Record<string, string>;
}

async function check(dir: string, c: GateCase): Promise<Checked> {
  const r = await runCli(["check", "--no-reports", "--json", "--runs", String(c.runs ?? 2), "--verbose"], {
    cwd: dir,
    env: c.env,
  });
  let doc: { regressed?: string[]; benchmarks?: { name: string; verdict: string }[] } = {};
  try {
    doc = JSON.parse(r.stdout);
  } catch {
    // An error's output is asserted through `code` below, with the whole output in the message.
  }
  return {
    code: r.code,
    output: r.output,
    regressed: doc.regressed ?? [],
    verdicts: Object.fromEntries((doc.benchmarks ?? []).map((d) => [d.name, d.verdict])),
  };
}

/** Dependency and build folders: not sources, never copied. */
const NOT_SOURCE = new Set([".git", "node_modules", "target", ".perfgate-venv", "metrics", "__pycache__", ".venv"]);

/** Copy every source file of `from` whose content differs into `to`; returns their paths. */
async function copySources(from: string, to: string, rel = ""): Promise<string[]> {
  const changed: string[] = [];
  for (const e of await fs.readdir(path.join(from, rel), { withFileTypes: true })) {
    if (NOT_SOURCE.has(e.name)) continue;
    const p = path.join(rel, e.name);
    if (e.isDirectory()) changed.push(...(await copySources(from, to, p)));
    else if (e.isFile()) {
      const text = await fs.readFile(path.join(from, p));
      const old = await fs.readFile(path.join(to, p)).catch(() => undefined);
      if (old?.equals(text)) continue;
      await fs.mkdir(path.dirname(path.join(to, p)), { recursive: true });
      await fs.writeFile(path.join(to, p), text);
      changed.push(p);
    }
  }
  return changed;
}

const commit = (dir: string, message: string) =>
  git(dir, "add", "-A").then(() => git(dir, "commit", "-q", "--allow-empty", "-m", message));

/**
 * The ecosystems whose gate takes many minutes on a 2-core runner (a criterion build per tree, a
 * JVM per JMH round, vitest's and benchmark.js's start-up per round), and Go, whose rounds a busy
 * runner spreads too far for --runs 2 to decide, run when PERFGATE_FULL_GATES=1
 * (`pnpm test:gates`); the others run in every `pnpm test`. Each heavy adapter's own live test
 * (test/harness/) still runs every time.
 */
export const FULL_GATES = process.env["PERFGATE_FULL_GATES"] === "1";

/** Register the gate's end-to-end tests for one ecosystem inside the caller's `describe`. */
export function gateSuite(c: GateCase): void {
  let dir = "";
  beforeAll(async () => {
    await c.provision?.();
    dir = path.join(await tempProject({}), "project");
    await fs.mkdir(dir, { recursive: true });
    await c.make(dir, {});
    // The baseline and reports are CI's artifacts, never committed: branches must not carry them.
    await fs.appendFile(path.join(dir, ".gitignore"), "\nmetrics/\n");
    await git(dir, "init", "-q", "-b", "main");
    await commit(dir, "the project");
  }, 900_000);
  afterAll(removeTempProjects, 120_000);

  it("init writes a harness entry; establish on main measures every benchmark", async () => {
    const init = await runCli(["init"], { cwd: dir, env: c.env });
    expect(init.code, init.output).toBe(0);
    const config = JSON.parse(await fs.readFile(path.join(dir, "perfgate.config.json"), "utf8"));
    expect(config.benchmarks, JSON.stringify(config)).toContainEqual(expect.objectContaining({ harness: c.harness }));
    await commit(dir, "perfgate init");
    const est = await runCli(["establish", "--runs", String(c.runs ?? 2)], { cwd: dir, env: c.env });
    expect(est.code, est.output).toBe(0);
    const baseline = JSON.parse(
      await fs.readFile(path.join(dir, "metrics/baselines/current_performance_baseline.json"), "utf8"),
    );
    expect(baseline.benchmarks.map((b: { name: string }) => b.name).sort()).toEqual([...c.benchmarks].sort());
  }, 900_000);

  it("a pull request that changes nothing passes", async () => {
    await git(dir, "checkout", "-q", "-b", "unchanged", "main");
    await commit(dir, "docs only");
    const r = await check(dir, c);
    expect(r.code, r.output).toBe(0);
    expect(r.regressed, r.output).toEqual([]);
    expect(Object.keys(r.verdicts).sort(), r.output).toEqual([...c.benchmarks].sort());
  }, 900_000);

  it("a pull request that slows one benchmark fails naming it and no other", async () => {
    await git(dir, "checkout", "-q", "-b", "slowed", "main");
    // The slowed project is built beside and its sources copied over, as a developer's edit.
    const slowed = path.join(await tempProject({}), "project");
    await fs.mkdir(slowed, { recursive: true });
    await c.make(slowed, { slow: c.slow });
    const changed = await copySources(slowed, dir);
    expect(changed.length, "the slowed project differs from the committed one").toBeGreaterThan(0);
    await commit(dir, `slow down ${c.slow}`);
    const r = await check(dir, c);
    expect(r.code, r.output).toBe(1);
    expect(r.regressed, r.output).toEqual([c.slow]);
  }, 900_000);
}
