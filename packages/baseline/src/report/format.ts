import type { Comparison } from "../compare.ts";
import type { BenchmarkDecision, Verdict } from "../decide.ts";

export const SYMBOL: Record<Verdict, string> = {
  regressed: "✗",
  improved: "✓",
  unchanged: "✓",
  inconclusive: "?",
  new: "+",
  missing: "-",
  error: "!",
};

export function percent(ratio: number): string {
  const v = (ratio - 1) * 100;
  return `${v >= 0 ? "+" : ""}${v.toFixed(1)}%`;
}

export function formatP(p: number | undefined): string {
  if (p === undefined) return "";
  return p < 0.001 ? "p<0.001" : `p=${p.toFixed(3)}`;
}

export function formatMs(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(3)} s`;
  if (ms >= 1) return `${ms.toFixed(2)} ms`;
  if (ms >= 0.001) return `${(ms * 1000).toFixed(2)} µs`;
  return `${(ms * 1e6).toFixed(1)} ns`;
}

/** The p-value that matters for the verdict's direction. */
export function relevantP(d: BenchmarkDecision): number | undefined {
  return d.verdict === "improved" ? d.pFaster : d.pSlower;
}

/** `+62.1% (95% CI +55.0% .. +70.3%) p=0.004` */
export function formatChange(d: BenchmarkDecision): string {
  if (d.ratio === undefined || !d.ci) return d.reason;
  return `${percent(d.ratio)} (${Math.round(d.ci.confidence * 100)}% CI ${percent(d.ci.lo)} .. ${percent(d.ci.hi)}) ${formatP(relevantP(d))}`;
}

/** One line per benchmark: `✗ regressed  fib_30  +62.1% (95% CI ...) p=0.004` */
export function formatDecisionLine(d: BenchmarkDecision, nameWidth: number): string {
  return `${SYMBOL[d.verdict]} ${d.verdict.padEnd(12)} ${d.name.padEnd(nameWidth)}  ${formatChange(d)}`;
}

export function formatSamples(samples: readonly number[]): string {
  return samples.map((s) => (s >= 1 ? s.toFixed(2) : s.toPrecision(3))).join(" ");
}

/** Extra lines printed under a benchmark with --verbose. */
export function formatDecisionDetails(d: BenchmarkDecision): string[] {
  const lines: string[] = [];
  if (d.baseline && d.current) {
    lines.push(
      `    baseline: n=${d.baseline.n} median ${formatMs(d.baseline.median)} (MAD ${formatMs(d.baseline.mad)}, min ${formatMs(d.baseline.min)}, max ${formatMs(d.baseline.max)})`,
    );
    lines.push(
      `    current:  n=${d.current.n} median ${formatMs(d.current.median)} (MAD ${formatMs(d.current.mad)}, min ${formatMs(d.current.min)}, max ${formatMs(d.current.max)})`,
    );
    const how =
      d.mode === "paired"
        ? `median per-pair ratio, order-statistic CI; sign test (${d.current.n} pairs)`
        : `ratio of medians; Mann-Whitney (${d.test})`;
    lines.push(
      `    ratio ${d.ratio!.toFixed(4)}, ${Math.round(d.ci!.confidence * 100)}% CI ${d.ci!.lo.toFixed(4)} .. ${d.ci!.hi.toFixed(4)}; ${how} p(slower)=${d.pSlower!.toPrecision(3)} p(faster)=${d.pFaster!.toPrecision(3)}`,
    );
    lines.push(
      `    ${d.mode === "paired" ? "base (this job)" : "baseline"} samples (ms): ${formatSamples(d.baselineSamples ?? [])}`,
    );
    lines.push(`    current samples (ms):  ${formatSamples(d.currentSamples ?? [])}`);
  }
  lines.push(`    ${d.reason}`);
  return lines;
}

/** The final one-line verdict the CI log and the simulator look for. */
export function formatOutcome(c: Comparison): string {
  const limit = percent(1 + c.threshold);
  if (c.exitCode === 1) {
    const which = c.decisions
      .filter((d) => d.verdict === "regressed")
      .map((d) => `${d.name} ${percent(d.ratio!)}`)
      .join(", ");
    return `Performance regression detected: ${c.regressed.length} of ${c.decisions.length} benchmark${c.decisions.length === 1 ? "" : "s"} slower than the ${limit} threshold (${which})`;
  }
  if (c.exitCode === 2) {
    const parts: string[] = [];
    if (c.counts.error) parts.push(`${c.counts.error} failed to run`);
    // Name only what made the result unusable: "--allow-new accepts that" after --allow-new misleads.
    if (c.counts.missing && !c.accepted?.missing)
      parts.push(`${c.counts.missing} in the baseline but not measured (--allow-missing accepts that)`);
    if (c.counts.new && !c.accepted?.new)
      parts.push(
        `${c.counts.new} not in the baseline (--allow-new accepts that; re-establishing the baseline includes them)`,
      );
    if (parts.length === 0) parts.push("no benchmark is in both the baseline and the current results");
    return `Performance check incomplete: ${parts.join("; ")}`;
  }
  const tail = c.counts.inconclusive > 0 ? `; ${c.counts.inconclusive} inconclusive (warning, see above)` : "";
  return `No performance regression: ${c.counts.unchanged} unchanged, ${c.counts.improved} improved within the ${limit} threshold${tail}`;
}
