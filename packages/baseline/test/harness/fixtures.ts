import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import { HarnessOutputError } from "../../src/harness/types.ts";

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "harness");

/** A captured real output under test/fixtures/harness/<harness>/ (see the README there). */
export function fixture(harness: string, file: string): string {
  return readFileSync(path.join(FIXTURES, harness, file), "utf8");
}

/**
 * `fn` must throw a HarnessOutputError (never a raw SyntaxError or TypeError) whose message
 * matches `message` and that carries a remedy. Returns the error for further checks.
 */
export function expectOutputError(fn: () => unknown, message: RegExp): HarnessOutputError {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(HarnessOutputError);
  const error = thrown as HarnessOutputError;
  expect(error.message).toMatch(message);
  expect(error.remedy.length).toBeGreaterThan(10);
  return error;
}
