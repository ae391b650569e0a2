import type { z } from "zod";
import { parseJson } from "../../json-text.ts";
import { describeIssue } from "../../zod-message.ts";
import { HarnessOutputError } from "../types.ts";

/** What a parser expected, for its messages: the harness's title, the output's shape, the fix. */
export interface Expectation {
  title: string;
  expected: string;
  remedy: string;
}

/** The start of `text` as one quoted line (control characters escaped), so a message shows what was seen. */
export function excerpt(text: string, max = 120): string {
  const trimmed = text.trim();
  if (trimmed === "") return "nothing (the output was empty)";
  const head = trimmed.length > max ? `${trimmed.slice(0, max)}...` : trimmed;
  return JSON.stringify(head);
}

/** The JSON value of a round's output, or a HarnessOutputError saying what was expected and seen. */
export function readJson(text: string, want: Expectation): unknown {
  if (text.trim() === "")
    throw new HarnessOutputError(`${want.title} output is empty; expected ${want.expected}`, want.remedy);
  const parsed = parseJson(text);
  if (!parsed.ok)
    throw new HarnessOutputError(
      `${want.title} output ${parsed.problem.message}; expected ${want.expected}, saw ${excerpt(text)}`,
      want.remedy,
    );
  return parsed.value;
}

/** `data` checked against `schema`, or a HarnessOutputError naming the first place it differs. */
export function checkShape<T>(schema: z.ZodType<T>, data: unknown, want: Expectation): T {
  const r = schema.safeParse(data);
  if (r.success) return r.data;
  throw new HarnessOutputError(
    `${want.title} output is not what it writes: ${describeIssue(r.error.issues[0]!, data)}; expected ${want.expected}`,
    want.remedy,
  );
}
