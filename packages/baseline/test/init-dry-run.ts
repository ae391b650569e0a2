import { promises as fs } from "node:fs";
import { expect } from "vitest";
import { parse } from "yaml";
import { HARNESS_IDS } from "../src/harness/types.ts";
import { runCli, tempProject } from "./helpers.ts";

// `perfgate init --dry-run --json` on a layout made as files, read back: the config in the
// documented format, the workflow parsed as YAML. Shared by the init-ecosystems tests.

export type Entry = Record<string, unknown>;
interface Config {
  setup?: string;
  benchmarks: Entry[];
}
export interface DryRun {
  config: Config;
  workflow: { text: string; steps: { uses?: string; run?: string; with?: Record<string, unknown> }[] };
  notes: string[];
  check: string[];
  stdout: string;
}

const HARNESS_KEYS = ["harness", "run", "name", "cwd", "env", "timeoutMs", "setup"];

/** The config is the documented format: {setup?, benchmarks: [harness | command | module entries]}. */
function expectDocumented(config: Config): void {
  expect(
    Object.keys(config).every((k) => k === "setup" || k === "benchmarks"),
    JSON.stringify(config),
  ).toBe(true);
  if ("setup" in config) expect(typeof config.setup).toBe("string");
  for (const e of config.benchmarks) {
    if ("harness" in e) {
      expect(HARNESS_IDS).toContain(e["harness"]);
      expect(typeof e["run"]).toBe("string");
      expect(Object.keys(e).filter((k) => !HARNESS_KEYS.includes(k))).toEqual([]);
    } else if ("command" in e) expect(Object.keys(e).sort()).toEqual(["command", "name"]);
    else expect(Object.keys(e).every((k) => ["module", "name", "export"].includes(k))).toBe(true);
  }
}

/** A time-budgeted suite timed as one process would be blind: no command entry may run one. */
const SUITE =
  /pytest|go test|cargo (\+\w+ )?bench|vitest|tinybench|mvn|java -jar|benchmarks?\.jar|hyperfine|\.perfgate-build/;

export async function dryRun(files: Record<string, string>, ...args: string[]): Promise<DryRun> {
  const dir = await tempProject(files);
  const r = await runCli(["init", "--dry-run", "--json", "--main-branch", "main", ...args], { cwd: dir });
  expect(r.code, r.output).toBe(0);
  expect((await fs.readdir(dir)).sort()).toEqual(
    Object.keys(files)
      .map((f) => f.split("/")[0])
      .filter((f, i, a) => a.indexOf(f) === i)
      .sort(),
  );
  const doc = JSON.parse(r.stdout) as { files: { path: string; content: string }[]; notes: string[]; check: string[] };
  const config = JSON.parse(doc.files.find((f) => f.path === "perfgate.config.json")!.content) as Config;
  expectDocumented(config);
  for (const e of config.benchmarks) if ("command" in e) expect(e["command"]).not.toMatch(SUITE);
  const text = doc.files.find((f) => f.path === ".github/workflows/perfgate.yml")!.content;
  const wf = parse(text);
  const steps = wf.jobs["performance-regression"].steps;
  expect(steps[0]).toEqual({ uses: "actions/checkout@v4", with: { "fetch-depth": 0 } });
  expect(steps.at(-1).uses).toBe("perfgate/perfgate@v1");
  // Dependencies are installed by "setup" in each tree, never by the workflow for the checkout only.
  expect(text).not.toMatch(/pip install|npm ci|npm install|pnpm install|yarn install|cargo build|mvn /);
  return { config, workflow: { text, steps }, notes: doc.notes, check: doc.check, stdout: r.stdout };
}

export const uses = (d: DryRun) => d.workflow.steps.map((s) => s.uses ?? s.run);
export const VENV =
  "python3 -m venv .perfgate-venv && printf '*\\n' > .perfgate-venv/.gitignore && .perfgate-venv/bin/pip install -q";
