import path from "node:path";
import { z } from "zod";
import { ActionError } from "./errors.ts";

export const MODES = ["auto", "check", "establish"] as const;
export type Mode = (typeof MODES)[number];
export const PAIRED = ["auto", "required"] as const;
export const ON_UNCHECKED = ["fail", "warn"] as const;

/** The config file names `perfgate` reads from a project directory. */
export const CONFIG_NAMES = ["perfgate.config.json", "perfgate.config.mjs", "perfgate.config.js"];

// The CLI's own rules (baseline's numberOption and parseDuration): decimal numbers only, so
// `0x10` is not read as 16, and durations as `--max-age` takes them.
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const DURATION = /^(off|none|0|\d+(\.\d+)?\s*(ms|s|m|h|d|w)?)$/;

/** An input as the runner gives it (`""` when the workflow leaves it out), trimmed, or its default. */
const text = (fallback: string) =>
  z
    .string()
    .trim()
    .transform((v) => v || fallback);

const decimal = (fallback: string, must: string, range: (n: z.ZodNumber) => z.ZodNumber) =>
  text(fallback)
    .pipe(z.string().regex(DECIMAL, must))
    .transform(Number)
    .pipe(range(z.number({ error: must })));

const choice = <T extends readonly [string, ...string[]]>(values: T) =>
  text(values[0]).pipe(z.enum(values, { error: `one of ${values.join(", ")}` }));

const THRESHOLD = "a number above 0 and below 1000 (the allowed slowdown in percent, as perfgate's --threshold)";
const RUNS = "a whole number from 1 to 1000";
const RETENTION = "a whole number of days from 1 to 90";
const NAME = 'a name without " : < > | * ? \\ / or line breaks (as artifact names must be)';

const schema = z.object({
  threshold: decimal("10", THRESHOLD, (n) => n.gt(0, THRESHOLD).lt(1000, THRESHOLD)),
  runs: decimal("3", RUNS, (n) => n.int(RUNS).min(1, RUNS).max(1000, RUNS)),
  config: text("perfgate.config.json").refine(
    (c) => CONFIG_NAMES.includes(path.basename(c)),
    `the path of a file called ${CONFIG_NAMES.join(", ")} (perfgate reads it from its directory)`,
  ),
  "baseline-path": text("metrics/baselines/current_performance_baseline.json").pipe(
    z.string().regex(/^[^\r\n]+$/, "a file path on one line"),
  ),
  "artifact-name": text("performance-baseline").pipe(z.string().regex(/^[^":<>|*?\r\n\\/]+$/, NAME)),
  "reports-artifact-name": text("performance-regression-results").pipe(z.string().regex(/^[^":<>|*?\r\n\\/]+$/, NAME)),
  "main-branch": text("main")
    .transform((b) => b.replace(/^refs\/heads\//, ""))
    .pipe(z.string().regex(/^(?!-)[^\s~^:?*[\\]+$/, "a branch name such as main")),
  "max-age": text("30d")
    .transform((v) => v.toLowerCase())
    .pipe(z.string().regex(DURATION, "a duration such as 30d, 12h, 90m or 2w, or off")),
  "retention-days": decimal("90", RETENTION, (n) => n.int(RETENTION).min(1, RETENTION).max(90, RETENTION)),
  "github-token": z.string().trim(),
  mode: choice(MODES),
  workflow: text("").pipe(
    z
      .string()
      .regex(/^$|^\d+$|^[^\s]+\.ya?ml$/, "a workflow file such as perf.yml or its numeric id (empty: this run's)"),
  ),
  paired: choice(PAIRED),
  "on-unchecked": choice(ON_UNCHECKED),
  "strict-benchmarks": text("false")
    .transform((v) => v.toLowerCase())
    .pipe(z.enum(["true", "false"], { error: "true or false" }))
    .transform((v) => v === "true"),
});

export interface ActionInputs {
  threshold: number;
  runs: number;
  /** Path of perfgate.config.json relative to the workspace; its directory is the project root. */
  config: string;
  baselinePath: string;
  artifactName: string;
  reportsArtifactName: string;
  mainBranch: string;
  /** A duration the CLI's --max-age takes, lower case. */
  maxAge: string;
  retentionDays: number;
  githubToken: string;
  mode: Mode;
  /** Workflow file whose main-branch runs hold the baseline; "" = the workflow of this run. */
  workflow: string;
  paired: (typeof PAIRED)[number];
  /** A PR that could not be checked at all (GitHub unreachable and no base commit): fail or warn. */
  onUnchecked: (typeof ON_UNCHECKED)[number];
  /** true: a PR that adds, renames or removes benchmarks fails; false: they are reported. */
  strictBenchmarks: boolean;
}

/**
 * Read and check every input; `get` is @actions/core's getInput (or a test's map). Each is checked
 * as the CLI checks its flag, so a value the CLI would refuse (or read as a flag) fails here, named.
 */
export function readInputs(get: (name: string) => string): ActionInputs {
  const names = Object.keys(schema.shape) as (keyof typeof schema.shape)[];
  const raw = Object.fromEntries(names.map((n) => [n, get(n)]));
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const bad = [...new Set(parsed.error.issues.map((i) => String(i.path[0])))];
    const said = bad.map((name) => {
      const issue = parsed.error.issues.find((i) => i.path[0] === name)!;
      return `input ${name} must be ${issue.message}, got '${String(raw[name] ?? "").trim()}'`;
    });
    throw new ActionError(
      "BAD_INPUT",
      said.join("; "),
      `set ${bad.map((n) => `\`${n}:\``).join(", ")} in the step's \`with:\` (or remove ${bad.length === 1 ? "it" : "them"} for the default)`,
    );
  }
  const v = parsed.data;
  return {
    threshold: v.threshold,
    runs: v.runs,
    config: v.config,
    baselinePath: v["baseline-path"],
    artifactName: v["artifact-name"],
    reportsArtifactName: v["reports-artifact-name"],
    mainBranch: v["main-branch"],
    maxAge: v["max-age"],
    retentionDays: v["retention-days"],
    githubToken: v["github-token"],
    mode: v.mode,
    workflow: v.workflow,
    paired: v.paired,
    onUnchecked: v["on-unchecked"],
    strictBenchmarks: v["strict-benchmarks"],
  };
}
