import { describe, expect, it } from "vitest";
import { passesFlag, shellWords } from "../../src/harness/adapters/shell-words.ts";

describe("shellWords", () => {
  it("splits as /bin/sh does: quotes join, backslashes escape, nothing expands", () => {
    expect(shellWords(`hyperfine -N 'rm -r x' "a \\"b\\" $HOME" c\\ d  --  e`)).toEqual([
      "hyperfine",
      "-N",
      "rm -r x",
      'a "b" $HOME',
      "c d",
      "--",
      "e",
    ]);
  });

  it("keeps an empty quoted word and tolerates an unclosed quote", () => {
    expect(shellWords(`a '' "" b`)).toEqual(["a", "", "", "b"]);
    expect(shellWords(`a 'unclosed b`)).toEqual(["a", "unclosed b"]);
  });
});

describe("passesFlag", () => {
  it("finds long flags with a separate or = value, and short flags with an attached value", () => {
    expect(passesFlag("x --runs 5", ["--runs"])).toBe(true);
    expect(passesFlag("x --runs=5", ["--runs"])).toBe(true);
    expect(passesFlag("x -r5", ["-r"])).toBe(true);
    expect(passesFlag("x -r 5", ["-r"])).toBe(true);
  });

  it("does not match another flag sharing a prefix, or a flag inside a quoted command", () => {
    expect(passesFlag("x --runs-extra 5", ["--runs"])).toBe(false);
    expect(passesFlag("x --min-runs 5", ["--runs"])).toBe(false);
    expect(passesFlag("x 'rm -r y'", ["-r"])).toBe(false);
  });
});
