import { HarnessOutputError, type HarnessSample } from "../types.ts";

/**
 * Rust's "bencher" result line, printed by libtest's #[bench] and by criterion with
 * `--output-format bencher`: `test <name> ... bench:   1,234.56 ns/iter (+/- 78)`.
 * libtest pads names to line up; criterion names may hold spaces (`group/size 1000`), so the
 * name runs to the last ` ... bench:`.
 */
const BENCH_LINE = /^test (.+) \.\.\. bench:\s+([\d,]+(?:\.\d+)?) (\S+)\/iter\b/;
// libtest marks a benchmark that panicked `name --- FAILED` (or `test name ... FAILED`), and
// ends with `test result: FAILED.`
const FAILED_LINE = /^(?:test (.+?) +\.\.\. FAILED|(\S+) --- FAILED|test result: FAILED)/;

/** Every bencher line of `text` as a sample; `harness` names the tool in messages. */
export function bencherSamples(text: string, harness: string): HarnessSample[] {
  const out: HarnessSample[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.replace(/\r$/, "");
    const failed = FAILED_LINE.exec(line);
    if (failed) {
      throw new HarnessOutputError(
        `${harness} reported ${failed[1] ?? failed[2] ?? "a benchmark"} as FAILED; a failed benchmark has no time`,
        "fix the benchmark (run `run` locally and read the panic message), then push again",
      );
    }
    const m = BENCH_LINE.exec(line);
    if (!m) continue;
    const name = m[1]!.trimEnd();
    if (m[3] !== "ns") {
      throw new HarnessOutputError(
        `${harness} reported "${name}" in ${m[3]}/iter; perfgate reads times, in ns/iter`,
        "benchmark with the default wall-clock measurement (a custom Measurement such as CPU cycles cannot be compared as a time)",
      );
    }
    out.push({ name, ns: Number(m[2]!.replace(/,/g, "")) });
  }
  return out;
}
