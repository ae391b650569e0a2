import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { branchNameProblem, exactBranchFilter, yamlString } from "../src/init/branch.ts";

// The names init accepts for the workflow's main branch are git's branch names, checked by git
// itself here; the YAML it writes for any of them parses back to the same string.
// biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, written literally
const EXPRESSION = "${{github.token}}";

const NAMES = [
  "main",
  "trunk",
  "release/1.x",
  "feat/ü-ñ",
  "u\u2028v",
  "a,b",
  "'q'",
  "&x",
  "!tag",
  "release+1",
  "x]",
  "{x}",
  "#hash",
  "%25",
  "$x",
  "a'b\"c",
  "a@b",
  "",
  "a b",
  "a\tb",
  "a\nb",
  "a\u007fb",
  "a..b",
  "a@{b",
  "x.",
  ".a",
  "a/.b",
  "a.lock",
  "a.lock/b",
  "a/b.lock",
  "a/",
  "/a",
  "a//b",
  "a\\b",
  "a~b",
  "a^b",
  "a:b",
  "a?b",
  "a*b",
  "a[b",
];

describe("branch names for the workflow", () => {
  it.each(NAMES)("%j: init accepts it exactly when git accepts it as a branch", (name) => {
    const git = spawnSync("git", ["check-ref-format", `refs/heads/${name}`]);
    expect(branchNameProblem(name) === undefined, branchNameProblem(name)).toBe(git.status === 0);
  });

  it("beyond the ref rules: what `git branch` refuses (a leading `-`, HEAD, @) and `${{` (GitHub would evaluate it)", () => {
    expect(branchNameProblem("-x")).toBe('it starts with "-"');
    expect(branchNameProblem("@")).toBe('it is "@"');
    expect(branchNameProblem("HEAD")).toBe('it is "HEAD"');
    expect(spawnSync("git", ["check-ref-format", `refs/heads/${EXPRESSION}`]).status).toBe(0);
    expect(branchNameProblem(EXPRESSION)).toMatch(/GitHub evaluates as an expression/);
  });

  it.each(NAMES.filter((n) => branchNameProblem(n) === undefined))(
    "%j: as a YAML string, parses back exactly",
    (name) => {
      expect(parse(`v: ${yamlString(name)}\n`).v).toBe(name);
      expect(parse(`v: [${yamlString(exactBranchFilter(name))}]\n`).v[0].replace(/\\(.)/g, "$1")).toBe(name);
      expect(yamlString(name)).toMatch(/^"[\x20-\x7e]*"$/);
    },
  );
});
