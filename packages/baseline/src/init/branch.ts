/**
 * A branch name goes into the workflow YAML twice: as the push filter and as the action's
 * `main-branch` input. It is checked as git checks a branch name (`git check-ref-format
 * --branch`), then written as a YAML double-quoted string with every non-ASCII character
 * escaped, so no value can end the string, start a comment, an anchor, a tag or a new line.
 */

/** Why `name` is not a branch name git accepts, or undefined when it is one. */
export function branchNameProblem(name: string): string | undefined {
  if (name === "") return "it is empty";
  const control = /[\u0000-\u001f\u007f]/.exec(name);
  if (control)
    return `it contains a control character (U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")})`;
  const bad = /[ ~^:?*[\\]/.exec(name);
  if (bad) return bad[0] === " " ? "it contains a space" : `it contains "${bad[0]}"`;
  if (name.includes("..")) return 'it contains ".."';
  if (name.includes("@{")) return 'it contains "@{"';
  if (name === "@") return 'it is "@"';
  if (name === "HEAD") return 'it is "HEAD"';
  if (name.startsWith("-")) return 'it starts with "-"';
  if (name.startsWith("/") || name.endsWith("/") || name.includes("//")) return "it has an empty path component";
  if (name.endsWith(".")) return 'it ends with "."';
  for (const part of name.split("/")) {
    if (part.startsWith(".")) return `a component ("${part}") starts with "."`;
    if (part.endsWith(".lock")) return `a component ("${part}") ends with ".lock"`;
  }
  // Valid for git, but GitHub would evaluate it as an expression inside the action's input.
  if (name.includes("${{")) return 'it contains "${{", which GitHub evaluates as an expression in a workflow';
  return undefined;
}

/** `text` as a YAML double-quoted scalar: JSON escapes, and every non-ASCII code point as \u or \U. */
export function yamlString(text: string): string {
  let out = "";
  for (const ch of JSON.stringify(text)) {
    const cp = ch.codePointAt(0)!;
    out +=
      cp < 0x7f
        ? ch
        : cp <= 0xffff
          ? `\\u${cp.toString(16).padStart(4, "0")}`
          : `\\U${cp.toString(16).padStart(8, "0")}`;
  }
  return out;
}

/**
 * The push filter that matches exactly `branch`: GitHub's branch filters are glob patterns in
 * which `+` and a leading `!` are special (`*`, `?`, `[` cannot be in a branch name), escaped with `\`.
 */
export function exactBranchFilter(branch: string): string {
  return branch.replace(/[+!\]]/g, "\\$&");
}
