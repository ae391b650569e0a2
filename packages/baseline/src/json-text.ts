/** Where a JSON text is broken, as line/column, for messages like "truncated at line 3, column 14". */
export interface JsonProblem {
  message: string;
  line: number;
  column: number;
  truncated: boolean;
}

function lineColumn(text: string, position: number): { line: number; column: number } {
  const before = text.slice(0, position);
  const line = before.split("\n").length;
  const column = position - (before.lastIndexOf("\n") + 1) + 1;
  return { line, column };
}

/** Index of the first occurrence of `ch` outside a string literal, or -1. */
function firstUnquoted(text: string, ch: string): number {
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === ch) return i;
  }
  return -1;
}

function hasNonFinite(value: unknown): boolean {
  if (typeof value === "number") return !Number.isFinite(value);
  if (value === null || typeof value !== "object") return false;
  for (const v of Array.isArray(value) ? value : Object.values(value)) if (hasNonFinite(v)) return true;
  return false;
}

/** The first number literal (outside strings) that a double cannot hold, e.g. 1e999. */
function outOfRangeNumber(text: string): { token: string; index: number } | undefined {
  const number = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "-" || (c >= "0" && c <= "9")) {
      number.lastIndex = i;
      const m = number.exec(text);
      if (!m) continue;
      if (!Number.isFinite(Number(m[0]))) return { token: m[0], index: i };
      i += m[0].length - 1;
    }
  }
  return undefined;
}

/** Parse JSON, or explain where and why it is not JSON. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; problem: JsonProblem } {
  try {
    const value: unknown = JSON.parse(text);
    // JSON.parse turns 1e999 into Infinity, which later reads as "null": say what the file holds.
    const far = hasNonFinite(value) ? outOfRangeNumber(text) : undefined;
    if (far) {
      const at = lineColumn(text, far.index);
      const shown = far.token.length > 40 ? `${far.token.slice(0, 37)}...` : far.token;
      return {
        ok: false,
        problem: {
          message: `contains the number ${shown} at line ${at.line}, column ${at.column}, which is out of range (a JSON number must fit a 64-bit float, at most about 1.8e308)`,
          ...at,
          truncated: false,
        },
      };
    }
    return { ok: true, value };
  } catch (error) {
    const raw = error instanceof Error ? error.message : String(error);
    const nonFinite = /(?<![\w"])(-?Infinity|NaN)(?![\w"])/.exec(text);
    if (nonFinite && firstUnquoted(text, nonFinite[1]![0]!) === nonFinite.index) {
      const at = lineColumn(text, nonFinite.index);
      return {
        ok: false,
        problem: {
          message: `contains ${nonFinite[1]} at line ${at.line}, column ${at.column}, which is not a valid JSON number (a timing was not a real measurement)`,
          ...at,
          truncated: false,
        },
      };
    }
    const pos = /at position (\d+)/.exec(raw);
    // V8 reports a cut-off file either as "end of JSON input" or as an error at the very end.
    if (/end of JSON input/i.test(raw) || (pos && Number(pos[1]) >= text.trimEnd().length)) {
      const at = lineColumn(text, text.trimEnd().length);
      return {
        ok: false,
        problem: {
          message: `ends abruptly at line ${at.line}, column ${at.column} (${Buffer.byteLength(text)} bytes): the file looks truncated`,
          ...at,
          truncated: true,
        },
      };
    }
    let position = -1;
    if (pos) position = Number(pos[1]);
    else {
      const token = /Unexpected token '(.)'/.exec(raw);
      if (token) position = firstUnquoted(text, token[1]!);
    }
    const at = lineColumn(text, Math.max(0, position));
    const detail = raw.replace(/,? ".*" is not valid JSON$/s, "").replace(/ in JSON at position \d+.*$/s, "");
    const where = position >= 0 ? ` at line ${at.line}, column ${at.column}` : "";
    return { ok: false, problem: { message: `is not valid JSON${where}: ${detail}`, ...at, truncated: false } };
  }
}
