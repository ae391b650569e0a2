/**
 * The repository paths a patch changes, read the way `git apply` (which applies
 * --regression-patch, stripping one leading folder, -p1) reads its headers:
 *
 * - `--- OLD` / `+++ NEW` pairs outside hunks (a removed line `-- x` prints as `--- x` inside a
 *   hunk, so hunk bodies are skipped by their line counts);
 * - `diff -u` and `diff -ruN` follow each name with a tab and a timestamp, git follows a name
 *   holding a space with a tab: the name ends at the first tab;
 * - GNU diff and git quote a name with unusual characters C-style (`"b/caf\303\251.py"`);
 * - git's `rename from/to` and `copy from/to` lines, and its `diff --git` line for a change with
 *   no `---`/`+++` (a binary file, a mode change);
 * - `/dev/null` is the missing side of a new or deleted file.
 */
export function patchedFiles(text: string): string[] {
  const lines = text.split(/\r?\n/);
  const files = new Set<string>();
  const add = (name: string | null) => {
    if (name !== null) files.add(name);
  };
  let oldLeft = 0;
  let newLeft = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (oldLeft > 0 || newLeft > 0) {
      const c = line[0];
      // An empty line is a context line whose leading space an editor trimmed.
      if (c === " " || c === undefined) {
        oldLeft--;
        newLeft--;
        continue;
      }
      if (c === "-" && oldLeft > 0) {
        oldLeft--;
        continue;
      }
      if (c === "+" && newLeft > 0) {
        newLeft--;
        continue;
      }
      if (c === "\\") continue; // "\ No newline at end of file"
      oldLeft = newLeft = 0; // a short hunk: read on as headers
    }
    const hunk = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/.exec(line);
    if (hunk) {
      oldLeft = hunk[1] === undefined ? 1 : Number(hunk[1]);
      newLeft = hunk[2] === undefined ? 1 : Number(hunk[2]);
      continue;
    }
    const next = lines[i + 1];
    if (line.startsWith("--- ") && next?.startsWith("+++ ")) {
      const before = headerName(line.slice(4));
      const after = headerName(next.slice(4));
      add(after === null ? stripped(before) : stripped(after));
      i++;
      continue;
    }
    const moved = /^(?:rename|copy) (?:from|to) (.+)$/.exec(line);
    if (moved) {
      add(headerName(moved[1]!));
      continue;
    }
    if (line.startsWith("diff --git ")) for (const name of gitDiffNames(line.slice(11))) add(stripped(name));
  }
  return [...files];
}

/** A header's name: unquoted, without the tab and timestamp after it; null for /dev/null. */
function headerName(raw: string): string | null {
  const name = raw.startsWith('"') ? (unquote(raw, 0)?.value ?? raw) : raw.split("\t")[0]!;
  return name === "/dev/null" ? null : name;
}

/** `git apply`'s -p1: the name without its first folder (`a/`, `b/`, `orig/`, `./`). */
function stripped(name: string | null): string | null {
  if (name === null) return null;
  const slash = name.indexOf("/");
  return slash < 0 ? name : name.slice(slash + 1);
}

/**
 * The two names of `diff --git A B`: quoted ones are unambiguous; unquoted ones may hold spaces,
 * so they are read only when both are the same path after their prefix (`a/x y b/x y`). A rename
 * has its own `rename from/to` lines.
 */
function gitDiffNames(rest: string): string[] {
  if (rest.startsWith('"')) {
    const first = unquote(rest, 0);
    if (!first) return [];
    const tail = rest.slice(first.end + 1);
    const second = tail.startsWith('"') ? unquote(tail, 0)?.value : tail || undefined;
    return second ? [first.value, second] : [first.value];
  }
  const half = (rest.length - 1) / 2;
  if (!Number.isInteger(half) || rest[half] !== " ") return [];
  const [a, b] = [rest.slice(0, half), rest.slice(half + 1)];
  return stripped(a) === stripped(b) ? [a] : [];
}

const ESCAPES: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, "\\": 92 };

/** A C-style quoted name at `start` (git's and GNU diff's quoting: octal bytes of UTF-8). */
function unquote(s: string, start: number): { value: string; end: number } | undefined {
  const bytes: number[] = [];
  for (let i = start + 1; i < s.length; i++) {
    const c = String.fromCodePoint(s.codePointAt(i)!);
    if (c === '"') return { value: Buffer.from(bytes).toString("utf8"), end: i + 1 };
    if (c !== "\\") {
      bytes.push(...Buffer.from(c, "utf8"));
      i += c.length - 1; // a character outside the BMP is two UTF-16 units
      continue;
    }
    const octal = /^[0-7]{1,3}/.exec(s.slice(i + 1, i + 4));
    if (octal) {
      bytes.push(Number.parseInt(octal[0], 8));
      i += octal[0].length;
    } else {
      const e = s[i + 1] ?? "";
      bytes.push(...(ESCAPES[e] !== undefined ? [ESCAPES[e]!] : Buffer.from(e, "utf8")));
      i++;
    }
  }
  return undefined;
}
