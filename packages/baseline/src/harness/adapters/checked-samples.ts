import type { z } from "zod";
import { parseJson } from "../../json-text.ts";
import { benchmarkNameProblem } from "../../names.ts";
import { describeIssue } from "../../zod-message.ts";
import { HarnessOutputError, type HarnessSample } from "../types.ts";

/** What a round printed, shortened and escaped, for "expected X, saw Y" messages. */
export function excerpt(text: string): string {
  const trimmed = text.trim();
  if (trimmed === "") return "nothing (the output is empty)";
  const first = trimmed.split("\n", 1)[0]!;
  const shown = first.length > 80 ? `${first.slice(0, 77)}...` : first;
  // JSON.stringify escapes control characters, so a hostile output cannot forge a log line.
  return `output starting with ${JSON.stringify(shown)}`;
}

/** Parse a harness's JSON output against its schema; every failure is a HarnessOutputError. */
export function readJsonOutput<T>(text: string, schema: z.ZodType<T>, what: string, remedy: string): T {
  if (text.trim() === "") throw new HarnessOutputError(`expected ${what}, but the output is empty`, remedy);
  const json = parseJson(text);
  if (!json.ok) {
    throw new HarnessOutputError(`expected ${what}, but the output ${json.problem.message} (${excerpt(text)})`, remedy);
  }
  const shape = schema.safeParse(json.value);
  if (!shape.success) {
    throw new HarnessOutputError(`expected ${what}, but ${describeIssue(shape.error.issues[0]!, json.value)}`, remedy);
  }
  return shape.data;
}

/** A time in `unit` as nanoseconds. */
export const NS_PER_UNIT = { ns: 1, us: 1e3, ms: 1e6, s: 1e9 } as const;

/**
 * The checks every adapter's result must pass: at least one benchmark, printable unique names,
 * and times that are real durations. `harness` names the tool in messages; `noneRemedy` says
 * how to make the run select benchmarks.
 */
export function checkedSamples(samples: HarnessSample[], harness: string, noneRemedy: string): HarnessSample[] {
  if (samples.length === 0) {
    throw new HarnessOutputError(`expected at least one benchmark result from ${harness}, but found none`, noneRemedy);
  }
  const seen = new Set<string>();
  for (const { name, ns } of samples) {
    const nameProblem = name === "" ? "is empty" : benchmarkNameProblem(name);
    if (nameProblem) {
      throw new HarnessOutputError(
        `${harness} reported a benchmark whose name ${nameProblem}: ${JSON.stringify(name.slice(0, 80))}`,
        "give the benchmark a short printable name",
      );
    }
    if (seen.has(name)) {
      throw new HarnessOutputError(
        `${harness} reported the benchmark "${name}" more than once in one round; each name must be unique`,
        "give each benchmark its own name, and run each benchmark once per round (no repeat counts in `run`)",
      );
    }
    seen.add(name);
    if (!(Number.isFinite(ns) && ns > 0)) {
      throw new HarnessOutputError(
        `${harness} reported ${String(ns)} ns per iteration for "${name}"; expected a finite time above zero`,
        "a zero or missing time means the benchmark measured nothing: make it do real work (or more work per iteration) and check that it did not fail",
      );
    }
  }
  return samples;
}
