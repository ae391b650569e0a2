import path from "node:path";
import { pathToFileURL } from "node:url";
import type { z } from "zod";
import { ConfigError } from "./errors.ts";
import { parseJson } from "./json-text.ts";
import { describeProblem, MAX_INPUT_ENV, readInputText, regularFileProblem } from "./read-input.ts";
import {
  type BenchmarkSpec,
  CONFIG_DEFAULTS,
  CommandBenchmarkSchema,
  type Config,
  ConfigSchema,
  HarnessBenchmarkSchema,
  ModuleBenchmarkSchema,
} from "./schema.ts";
import { describeIssue, formatPath } from "./zod-message.ts";

export const CONFIG_FILES = ["perfgate.config.json", "perfgate.config.mjs", "perfgate.config.js"] as const;

const EXAMPLE = `{"benchmarks": [{"harness": "pytest-benchmark", "run": "python -m pytest bench/"}, {"name": "startup", "command": "node app.js"}, {"name": "fib", "module": "bench/fib.js", "export": "fib"}]}`;

function keysOf(schema: z.ZodObject): string[] {
  return Object.keys(schema.shape);
}

function fail(
  file: string,
  issue: z.core.$ZodIssue,
  data: unknown,
  known: string[],
  prefix: readonly PropertyKey[] = [],
): never {
  const shifted = { ...issue, path: [...prefix, ...issue.path] } as z.core.$ZodIssue;
  throw new ConfigError(
    "CONFIG_INVALID",
    `config ${file}: ${describeIssue(shifted, data, known)}`,
    `fix ${path.basename(file)}; a valid example: ${EXAMPLE}`,
  );
}

/** Validate a parsed config object; `file` is used in messages and to resolve paths. */
export function parseConfig(data: unknown, file: string): Config {
  const top = ConfigSchema.safeParse(data);
  if (!top.success) {
    // A misspelt key explains a "required" error too: report the unknown key first.
    const issues = top.error.issues;
    fail(file, issues.find((i) => i.code === "unrecognized_keys") ?? issues[0]!, data, keysOf(ConfigSchema));
  }
  const benchmarks: BenchmarkSpec[] = [];
  const names = new Set<string>();
  top.data.benchmarks.forEach((entry, i) => {
    const where = ["benchmarks", i];
    if (entry === null || typeof entry !== "object" || Array.isArray(entry)) {
      throw new ConfigError(
        "CONFIG_INVALID",
        `config ${file}: ${formatPath(where)} must be an object`,
        `each benchmark looks like {"name": "x", "command": "..."} or {"module": "bench/x.js"}`,
      );
    }
    const obj = entry as Record<string, unknown>;
    const kinds = ["command", "module", "harness"].filter((k) => k in obj);
    if (kinds.length !== 1) {
      throw new ConfigError(
        "CONFIG_INVALID",
        `config ${file}: ${formatPath(where)} needs exactly one of "harness" (a benchmark harness whose results perfgate reads), "command" (a shell command to time as a whole) or "module" (a JS module exporting benchmark functions)${kinds.length > 1 ? `; it has ${kinds.map((k) => `"${k}"`).join(" and ")}` : ""}`,
        `e.g. {"harness": "pytest-benchmark", "run": "python -m pytest bench/"}, {"name": "startup", "command": "node app.js"} or {"name": "fib", "module": "bench/fib.js", "export": "fib"}`,
      );
    }
    if (kinds[0] === "harness") {
      const r = HarnessBenchmarkSchema.safeParse(entry);
      if (!r.success) fail(file, r.error.issues[0]!, data, keysOf(HarnessBenchmarkSchema), where);
      benchmarks.push({ kind: "harness", ...r.data });
    } else if (kinds[0] === "command") {
      const r = CommandBenchmarkSchema.safeParse(entry);
      if (!r.success) fail(file, r.error.issues[0]!, data, keysOf(CommandBenchmarkSchema), where);
      benchmarks.push({ kind: "command", ...r.data });
    } else {
      const r = ModuleBenchmarkSchema.safeParse(entry);
      if (!r.success) fail(file, r.error.issues[0]!, data, keysOf(ModuleBenchmarkSchema), where);
      benchmarks.push({ kind: "module", ...r.data });
    }
    const last = benchmarks.at(-1)!;
    // A harness entry's name is a prefix: its benchmarks are named by the harness.
    const name = last.kind === "harness" ? undefined : last.name;
    if (name !== undefined) {
      if (names.has(name))
        throw new ConfigError(
          "CONFIG_INVALID",
          `config ${file}: benchmark name "${name}" is used twice`,
          "give every benchmark a unique name",
        );
      names.add(name);
    }
  });
  return {
    samplesPerRun: top.data.samplesPerRun ?? CONFIG_DEFAULTS.samplesPerRun,
    warmup: top.data.warmup ?? CONFIG_DEFAULTS.warmup,
    moduleTimeMs: top.data.moduleTimeMs ?? CONFIG_DEFAULTS.moduleTimeMs,
    timeoutMs: top.data.timeoutMs ?? CONFIG_DEFAULTS.timeoutMs,
    ...(top.data.setup ? { setup: top.data.setup } : {}),
    benchmarks,
    root: path.dirname(file),
    file,
  };
}

/** Find and load perfgate.config.{json,mjs,js} in the project root. */
export async function loadConfig(root: string): Promise<Config> {
  for (const name of CONFIG_FILES) {
    const file = path.join(root, name);
    // A config module is imported, not read: it still must be a plain file (a FIFO would hang).
    const read = name.endsWith(".json") ? await readInputText(file) : undefined;
    const problem = read ? (read.ok ? undefined : read.problem) : await regularFileProblem(file);
    if (problem?.kind === "missing") continue;
    if (problem)
      throw new ConfigError(
        problem.kind === "too-large" ? "CONFIG_TOO_LARGE" : "CONFIG_UNREADABLE",
        `config ${file} ${describeProblem(problem)}`,
        problem.kind === "too-large"
          ? `a config lists benchmarks and is a few KiB: check it is the right file (limit: ${MAX_INPUT_ENV})`
          : problem.kind === "unreadable"
            ? "check its permissions"
            : name.endsWith(".json")
              ? `make ${name} a plain file: JSON listing the benchmarks, e.g. ${EXAMPLE}`
              : `make ${name} a plain file (a module whose default export is the config)`,
      );
    const text = read?.ok ? read.text : "";
    if (name.endsWith(".json")) {
      if (text.trim() === "")
        throw new ConfigError(
          "CONFIG_EMPTY",
          `config ${file} is empty (${Buffer.byteLength(text)} bytes)`,
          `write the benchmarks into it, e.g. ${EXAMPLE}`,
        );
      const parsed = parseJson(text);
      if (!parsed.ok)
        throw new ConfigError(
          "CONFIG_NOT_JSON",
          `config ${file} ${parsed.problem.message}`,
          `fix the JSON; a valid example: ${EXAMPLE}`,
        );
      return parseConfig(parsed.value, file);
    }
    let mod: { default?: unknown };
    try {
      mod = await import(pathToFileURL(file).href);
    } catch (error) {
      throw new ConfigError(
        "CONFIG_LOAD_FAILED",
        `config ${file} failed to load: ${(error as Error).message}`,
        "fix the error in the config module",
        { cause: error },
      );
    }
    return parseConfig(mod.default, file);
  }
  throw new ConfigError(
    "CONFIG_MISSING",
    `no perfgate.config.json in ${root}`,
    `create ${path.join(root, "perfgate.config.json")} listing the benchmarks, e.g. ${EXAMPLE}; or point -C at the project directory`,
  );
}
