import { type Found, type HarnessEntry, nameOf, nothingFound, shown } from "./proposal.ts";
import { filesWith, nearestWith, type Scan } from "./scan.ts";

/** Go: `func BenchmarkX(b *testing.B)` in _test.go files; one harness entry per module that has them. */
export async function detectGo(scan: Scan): Promise<Found> {
  const found = nothingFound();
  const benchFiles = await filesWith(scan, /_test\.go$/, /func Benchmark\w*\(\s*\w+\s+\*testing\.B\s*\)/);
  const modules = new Set<string>();
  for (const f of benchFiles) {
    const mod = nearestWith(scan.files, f, "go.mod");
    if (mod === undefined) found.notes.push(`${shown(f)} has Go benchmarks but no go.mod above it: init left it out`);
    else modules.add(mod);
  }
  for (const mod of [...modules].sort()) {
    const entry: HarnessEntry = {
      harness: "go",
      run: "go test -run '^$' -bench . ./...",
      // Compiles every test binary (and runs none): the build is not part of the first round.
      setup: "go test -run '^$' ./...",
      ...(modules.size > 1 ? { name: nameOf(mod || "root") } : {}),
      ...(mod ? { cwd: mod } : {}),
    };
    found.proposals.push({
      benchmark: entry,
      found: `Go benchmarks (func Benchmark… in _test.go files${mod ? ` of module ${shown(mod)}/` : ""})`,
    });
  }
  if (modules.size > 0) found.needs.push("go");
  return found;
}
