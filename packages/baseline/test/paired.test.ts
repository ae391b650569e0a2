import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.ts";
import { checkoutBase } from "../src/paired/base-tree.ts";
import { baseFirst, measurePaired } from "../src/paired/measure-paired.ts";
import { mulberry32, normal } from "../src/stats/random.ts";
import { baselineDoc, commitAll, git, runCli, tempProject } from "./helpers.ts";

/**
 * Pairs under a drifting, bursty runner: every pair shares the load factor of its moment (one
 * factor per pair, 1x to 2.5x), and the head does `effect` times the base's work.
 */
function drifting(seed: number, n: number, effect: number): { base: number[]; head: number[] } {
  const rand = mulberry32(seed);
  const base: number[] = [];
  const head: number[] = [];
  for (let i = 0; i < n; i++) {
    const load = 1 + 1.5 * (i / n) + (rand() < 0.2 ? 0.8 : 0); // drift plus bursts
    base.push(50 * load * Math.exp(0.03 * normal(rand)));
    head.push(50 * effect * load * Math.exp(0.03 * normal(rand)));
  }
  return { base, head };
}

async function pairFiles(pairs: Record<string, { base: number[]; head: number[] }>) {
  const dir = await tempProject({});
  const base = baselineDoc(Object.fromEntries(Object.entries(pairs).map(([k, v]) => [k, v.base])));
  const head = baselineDoc(Object.fromEntries(Object.entries(pairs).map(([k, v]) => [k, v.head])));
  await fs.writeFile(path.join(dir, "base.json"), JSON.stringify(base));
  await fs.writeFile(path.join(dir, "head.json"), JSON.stringify(head));
  return dir;
}

describe("paired decision, through `perfgate compare --paired` on crafted files", () => {
  it("sees through load that hits both sides alike, where the stored comparison cannot", async () => {
    const dir = await pairFiles({ same: drifting(1, 15, 1), slower: drifting(2, 15, 1.25) });
    const paired = await runCli(["compare", "base.json", "head.json", "--paired", "--json"], { cwd: dir });
    expect(paired.code, paired.output).toBe(1);
    const doc = JSON.parse(paired.stdout);
    const verdicts = Object.fromEntries(
      doc.benchmarks.map((d: { name: string; verdict: string }) => [d.name, d.verdict]),
    );
    expect(verdicts).toEqual({ same: "unchanged", slower: "regressed" });
    expect(doc.regressed).toEqual(["slower"]);
    const slower = doc.benchmarks.find((d: { name: string }) => d.name === "slower");
    expect(slower.mode).toBe("paired");
    expect(slower.ratio).toBeGreaterThan(1.2);
    expect(slower.ratio).toBeLessThan(1.3);

    // The same numbers as two independent measurements: the drift swamps a 25% slowdown.
    const stored = await runCli(["compare", "base.json", "head.json", "--json"], { cwd: dir });
    const storedVerdicts = JSON.parse(stored.stdout).benchmarks.map((d: { verdict: string }) => d.verdict);
    expect(storedVerdicts).toEqual(["inconclusive", "inconclusive"]);
  });

  it("calls a paired improvement improved and a small change unchanged", async () => {
    const dir = await pairFiles({ faster: drifting(3, 15, 0.7), tiny: drifting(4, 15, 1.02) });
    const r = await runCli(["compare", "base.json", "head.json", "--paired", "--json"], { cwd: dir });
    expect(r.code, r.output).toBe(0);
    const verdicts = JSON.parse(r.stdout).benchmarks.map((d: { verdict: string }) => d.verdict);
    expect(verdicts).toEqual(["improved", "unchanged"]);
  });

  it("says too few pairs when there are too few to decide", async () => {
    const dir = await pairFiles({ few: { base: [50, 51, 49], head: [80, 82, 79] } });
    const r = await runCli(["compare", "base.json", "head.json", "--paired"], { cwd: dir });
    expect(r.code, r.output).toBe(0);
    expect(r.stdout).toMatch(/\? inconclusive few/);
    expect(r.stdout).toContain("too few pairs (3) to decide; use more --runs");
  });

  it("refuses --paired for files whose sample counts differ (exit 2, nothing written)", async () => {
    const dir = await pairFiles({ a: { base: [1, 2, 3, 4, 5], head: [1, 2, 3, 4, 5] } });
    const head = JSON.parse(await fs.readFile(path.join(dir, "head.json"), "utf8"));
    head.benchmarks[0].samples.push(6);
    await fs.writeFile(path.join(dir, "head.json"), JSON.stringify(head));
    const r = await runCli(["compare", "base.json", "head.json", "--paired", "--reports"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      "--paired needs the same number of samples on both sides, but a has 5 in the baseline and 6",
    );
    expect(r.stderr).toMatch(/remedy: .*back to back/);
    await expect(fs.access(path.join(dir, "metrics"))).rejects.toThrow();
  });
});

describe("ABBA order", () => {
  it("alternates base-first and head-first so linear drift cancels over every four pairs", () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7].map(baseFirst)).toEqual([true, false, false, true, true, false, false, true]);
  });
});

describe("checkoutBase: the base commit in a temporary git worktree", () => {
  async function repoWithTwoCommits() {
    const dir = await tempProject({ "app/x.txt": "base\n" });
    const base = await commitAll(dir);
    await fs.writeFile(path.join(dir, "app/x.txt"), "head\n");
    await commitAll(dir, "head");
    return { dir, base };
  }

  it("checks out a reachable commit at the project's place inside it, and removes it again", async () => {
    const { dir, base } = await repoWithTwoCommits();
    const r = await checkoutBase(path.join(dir, "app"), base);
    if (!r.ok) throw new Error(r.reason);
    expect(r.tree.sha).toBe(base);
    expect(await fs.readFile(path.join(r.tree.projectDir, "x.txt"), "utf8")).toBe("base\n");
    expect(await git(dir, "worktree", "list")).toContain(path.dirname(r.tree.projectDir));
    await r.tree.remove();
    await expect(fs.access(r.tree.projectDir)).rejects.toThrow();
    expect(await git(dir, "worktree", "list")).not.toContain("perfgate-base-");
    await r.tree.remove(); // idempotent
  });

  it("explains an unknown commit in a full clone, and a directory that is no repository", async () => {
    const { dir } = await repoWithTwoCommits();
    const missing = await checkoutBase(dir, "0123456789abcdef0123456789abcdef01234567");
    expect(missing).toMatchObject({ ok: false });
    if (missing.ok) return;
    expect(missing.reason).toContain("is not in this repository");
    expect(missing.remedy).toContain("--base REF");
    const none = await checkoutBase(os.tmpdir(), "HEAD");
    expect(none.ok).toBe(false);
  });

  it("fetches the one missing commit into a shallow clone, and says to use fetch-depth: 0 when it cannot", async () => {
    const { dir, base } = await repoWithTwoCommits();
    const parent = await fs.mkdtemp(path.join(os.tmpdir(), "perfgate-shallow-"));
    const clone = path.join(parent, "clone");
    await git(parent, "clone", "-q", "--depth=1", `file://${dir}`, clone);
    expect(await git(clone, "rev-parse", "--is-shallow-repository")).toBe("true");
    await git(dir, "config", "uploadpack.allowAnySHA1InWant", "true");
    const fetched = await checkoutBase(clone, base);
    if (!fetched.ok) throw new Error(fetched.reason);
    expect(await fs.readFile(path.join(fetched.tree.projectDir, "app/x.txt"), "utf8")).toBe("base\n");
    await fetched.tree.remove();

    const orphan = path.join(parent, "orphan");
    await git(parent, "clone", "-q", "--depth=1", `file://${dir}`, orphan);
    await git(orphan, "remote", "set-url", "origin", path.join(parent, "gone"));
    const failed = await checkoutBase(orphan, base);
    expect(failed.ok).toBe(false);
    if (failed.ok) return;
    expect(failed.reason).toContain("shallow clone without the base commit");
    expect(failed.remedy).toContain("fetch-depth: 0");
  });
});

describe("measurePaired: module benchmarks of both trees in one worker process", () => {
  // Each module instance writes, once, the process it runs in, its working directory and its own
  // file. Two processes (one per tree) made a process's luck beside a busy neighbour read as a
  // difference in the code; one process shares it between both sides.
  const WHO = `let said = false;
import { appendFileSync } from "node:fs";
export function who() {
  if (!said) appendFileSync(process.env.PERFGATE_TEST_WHO, [process.pid, process.cwd(), import.meta.url].join(" ") + "\\n");
  said = true;
  let x = 0;
  for (let i = 0; i < 1000; i++) x += i;
  return x;
}
`;

  it("loads each tree's own module, runs it in that tree's directory, and both in the same process", async () => {
    const dir = await tempProject({
      "app/perfgate.config.json": JSON.stringify({
        samplesPerRun: 3,
        moduleTimeMs: 10,
        benchmarks: [{ name: "who", module: "bench/who.mjs", export: "who" }],
      }),
      "app/bench/who.mjs": WHO,
    });
    const sha = await commitAll(dir);
    await commitAll(dir, "the pull request"); // the base must not be HEAD itself
    const project = path.join(dir, "app");
    const checkout = await checkoutBase(project, sha);
    if (!checkout.ok) throw new Error(checkout.reason);
    const seen = path.join(await fs.mkdtemp(path.join(os.tmpdir(), "perfgate-who-")), "who.txt");
    process.env["PERFGATE_TEST_WHO"] = seen;
    try {
      const out = await measurePaired(await loadConfig(project), { baseRoot: checkout.tree.projectDir, runs: 2 });
      expect(out.failures).toEqual([]);
      expect(out.baseFailures).toEqual([]);
      expect(out.pairs.get("who")?.base).toHaveLength(6);
      // One line per module instance: "<pid> <cwd> <module url>"; the tree is the module's grandparent.
      const lines = (await fs.readFile(seen, "utf8")).trim().split("\n");
      const byTree = new Map<string, { pid: number; cwd: string }>();
      for (const line of lines) {
        const [pid, cwd, url] = line.split(" ");
        const tree = await fs.realpath(path.dirname(path.dirname(new URL(url!).pathname)));
        byTree.set(tree, { pid: Number(pid), cwd: await fs.realpath(cwd!) });
      }
      const head = await fs.realpath(project);
      const base = await fs.realpath(checkout.tree.projectDir);
      expect(lines).toHaveLength(2);
      expect(byTree.get(head)?.cwd).toBe(head);
      expect(byTree.get(base)?.cwd).toBe(base);
      expect(byTree.get(head)?.pid).toBe(byTree.get(base)?.pid);
      expect(byTree.get(head)?.pid).not.toBe(process.pid);
    } finally {
      delete process.env["PERFGATE_TEST_WHO"];
      await checkout.tree.remove();
    }
  });
});
