/**
 * Speed of the paired-mode statistics: the Wilcoxon signed-rank test (called
 * once per benchmark per check, and many thousand times by the accuracy bench)
 * and the bootstrap interval of the median (counting vs sorting every resample).
 * Run: pnpm --filter @perfgate/baseline exec tsx bench/paired-stats.ts   (prints a table, then JSON)
 */
import { bootstrapMedianInterval } from "../src/stats/median-interval.ts";
import { mulberry32, normal } from "../src/stats/random.ts";
import { medianOfSorted } from "../src/stats/summary.ts";
import { wilcoxonSignedRank } from "../src/stats/wilcoxon.ts";

function time(label: string, calls: number, run: (i: number) => unknown) {
  run(0); // warm-up: JIT and the no-ties distribution cache
  const start = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) run(i);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return { label, calls, totalMs: Math.round(ms * 10) / 10, perCallUs: Math.round((ms * 1000 * 10) / calls) / 10 };
}

const rand = mulberry32(1);
const datasets = (n: number, tied: boolean) =>
  Array.from({ length: 1000 }, () =>
    Array.from({ length: n }, () => (tied ? Math.round(normal(rand) * 4) / 4 : normal(rand) + 0.3)),
  );
const distinct15 = datasets(15, false);
const tied15 = datasets(15, true);
const tied40 = datasets(40, true);
const rounds31 = datasets(31, false);

function sortingBootstrap(values: readonly number[], resamples: number) {
  const r = mulberry32(0x9e3779b9);
  const n = values.length;
  const scratch = new Float64Array(n);
  const medians = new Float64Array(resamples);
  for (let k = 0; k < resamples; k++) {
    for (let i = 0; i < n; i++) scratch[i] = values[Math.floor(r() * n)]!;
    scratch.sort();
    medians[k] = medianOfSorted(scratch);
  }
  return medians.sort();
}

const rows = [
  time("wilcoxon n=15, no ties (cached table)", 20_000, (i) => wilcoxonSignedRank(distinct15[i % 1000]!, "greater")),
  time("wilcoxon n=15, ties (DP per call)", 20_000, (i) => wilcoxonSignedRank(tied15[i % 1000]!, "two-sided")),
  time("wilcoxon n=40, ties (DP per call)", 20_000, (i) => wilcoxonSignedRank(tied40[i % 1000]!, "two-sided")),
  time("median interval n=31, 2000 resamples (counting)", 200, (i) => bootstrapMedianInterval(rounds31[i]!)),
  time("median interval n=31, 2000 resamples (sorting)", 200, (i) => sortingBootstrap(rounds31[i]!, 2000)),
];

console.log(`${"case".padEnd(52)} ${"calls".padStart(7)} ${"total ms".padStart(10)} ${"us/call".padStart(9)}`);
for (const r of rows) {
  console.log(
    `${r.label.padEnd(52)} ${String(r.calls).padStart(7)} ${String(r.totalMs).padStart(10)} ${String(r.perCallUs).padStart(9)}`,
  );
}
console.log(JSON.stringify({ node: process.version, rows }, null, 2));
