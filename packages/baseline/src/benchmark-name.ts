/**
 * The benchmark name of a command or a file: what `perfgate init` calls the command it finds (a
 * hyperfine command in a script, a benchmark file) and what `perfgate import --format hyperfine`
 * calls the same command, so a measured baseline and an imported one name it alike and can be
 * compared. Letters, digits, `_`, `.`, `/` and `-`, at most 60 characters.
 */
export function benchmarkNameOf(s: string): string {
  return (
    s
      .replace(/\.(bench|benchmark)\.[cm]?[jt]s$/, "")
      .replace(/[^\w./-]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60) || "benchmark"
  );
}
