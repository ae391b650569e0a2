/**
 * Text from a benchmark (its name, a reason quoting a command's output, a file name) shown in
 * GitHub's job summary, which renders Markdown with inline HTML: a name such as
 * `<img src=x onerror=...>` or `[x](javascript:...)` must arrive as the characters it is, never as
 * a tag, a link, a code span or a table column.
 */

// HTML first (an entity is then plain text), then every character that opens or closes Markdown
// inline syntax: emphasis, code spans, links and images, strikethrough, table cells, and the
// backslash itself. One line: a line break would end a table row or a list item.
const MARKDOWN_PUNCTUATION = /[\\`*_[\]|~]/g;

export function markdownText(s: string): string {
  return s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(MARKDOWN_PUNCTUATION, (c) => `\\${c}`)
    .replace(/\r\n|\r|\n/g, " ");
}

/** A table cell: the same, so `|` cannot split the row. */
export const markdownCell = markdownText;

/**
 * `s` as a code span (outside tables): fenced by one more backtick than its longest run of
 * backticks, so none in it can close the span; inside a span nothing else is markup.
 */
export function markdownCode(s: string): string {
  const line = s.replace(/\r\n|\r|\n/g, " ");
  const longest = Math.max(0, ...(line.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = line.startsWith("`") || line.endsWith("`") || /^ .* $/.test(line) ? " " : "";
  return `${fence}${pad}${line}${pad}${fence}`;
}
