import type { z } from "zod";

/** `benchmarks[0].samples[3]` style path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) out += typeof key === "number" ? `[${key}]` : out === "" ? String(key) : `.${String(key)}`;
  return out || "(top level)";
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = data;
  for (const key of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

/** Closest known key, if it is a plausible typo. */
export function suggestKey(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const k of known) {
    const d = levenshtein(key.toLowerCase(), k.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = k;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined;
}

/** One readable sentence for the first zod issue, naming where and what was found. */
export function describeIssue(issue: z.core.$ZodIssue, data: unknown, knownKeys?: readonly string[]): string {
  const where = formatPath(issue.path);
  if (issue.code === "unrecognized_keys") {
    const keys = issue.keys;
    const hints = keys
      .map((k) => {
        const s = knownKeys ? suggestKey(k, knownKeys) : undefined;
        return s ? `"${k}" (did you mean "${s}"?)` : `"${k}"`;
      })
      .join(", ");
    const known = knownKeys ? `; known keys: ${knownKeys.join(", ")}` : "";
    return `${where}: unknown key${keys.length > 1 ? "s" : ""} ${hints}${known}`;
  }
  const got = valueAt(data, issue.path);
  const shown = got === undefined ? "nothing" : JSON.stringify(got)?.slice(0, 60);
  return `${where}: ${issue.message} (found ${shown})`;
}
