/**
 * `go test -json` wraps each package's plain output in events (`{"Action":"output",
 * "Package":"...","Output":"..."}`), and may split one result line over two events. When `run`
 * uses -json, rebuild each package's plain text, one package after another, so the plain-text
 * parser reads it; plain output passes through unchanged.
 */
export function goTestOutputText(text: string): string {
  const lines = text.split("\n");
  const first = lines.find((l) => l.trim() !== "");
  if (!first?.trimStart().startsWith("{")) return text;
  const byPackage = new Map<string, string>();
  const plain: string[] = [];
  for (const line of lines) {
    if (line.trim() === "") continue;
    const event = decode(line);
    if (!event) {
      plain.push(line);
      continue;
    }
    if (event.Action !== "output" || typeof event.Output !== "string") continue;
    const pkg = typeof event.Package === "string" ? event.Package : "";
    byPackage.set(pkg, (byPackage.get(pkg) ?? "") + event.Output);
  }
  return [...plain, ...byPackage.values()].join("\n");
}

function decode(line: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return value !== null && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
