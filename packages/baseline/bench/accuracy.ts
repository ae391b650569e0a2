/**
 * Gate accuracy on synthetic data: how often perfgate's decision and a plain
 * "mean ratio > threshold" rule flag a regression, for known true slowdowns.
 * Samples are log-normal (timings are positive and right-skewed); each --runs
 * round yields SAMPLES_PER_RUN samples, exactly as `perfgate establish/check` do.
 * Run: pnpm --filter @perfgate/baseline bench   (prints a table, then JSON)
 */
import { decideBenchmark } from "../src/decide.ts";
import { CONFIG_DEFAULTS } from "../src/schema.ts";
import { mulberry32, normal } from "../src/stats/random.ts";
import { mean } from "../src/stats/summary.ts";

const TRIALS = Number(process.env["PERFGATE_BENCH_TRIALS"] ?? 500);
const THRESHOLD = 0.1;
const SAMPLES_PER_RUN = CONFIG_DEFAULTS.samplesPerRun;
const SLOWDOWNS = [0, 0.05, 0.1, 0.2];
const RUNS = [3, 5];
const NOISE = [
  { label: "CV 5%", cv: 0.05, outliers: 0 },
  { label: "CV 10%", cv: 0.1, outliers: 0 },
  { label: "CV 5% + 5% outliers", cv: 0.05, outliers: 0.05 },
];

function sampler(seed: number, cv: number, outliers: number) {
  const rand = mulberry32(seed);
  const sigma = Math.sqrt(Math.log(1 + cv * cv));
  // Outliers model a noisy neighbour: an occasional sample 1.5x..3x slower.
  return (n: number, scale: number) =>
    Array.from({ length: n }, () => {
      const v = 50 * scale * Math.exp(sigma * normal(rand) - (sigma * sigma) / 2);
      return rand() < outliers ? v * (1.5 + 1.5 * rand()) : v;
    });
}

interface Row {
  noise: string;
  runs: number;
  samplesPerSide: number;
  trueSlowdown: number;
  perfgateFlagRate: number;
  plainRuleFlagRate: number;
  perfgateInconclusiveRate: number;
}

const rows: Row[] = [];
const started = performance.now();
for (const noise of NOISE) {
  for (const runs of RUNS) {
    for (const slowdown of SLOWDOWNS) {
      const draw = sampler(
        runs * 1000 + Math.round(slowdown * 100) + Math.round(noise.cv * 1e4) + noise.outliers * 1e6,
        noise.cv,
        noise.outliers,
      );
      const n = runs * SAMPLES_PER_RUN;
      let gate = 0;
      let plain = 0;
      let inconclusive = 0;
      for (let t = 0; t < TRIALS; t++) {
        const base = draw(n, 1);
        const cur = draw(n, 1 + slowdown);
        const d = decideBenchmark(`trial${t}`, base, cur, { threshold: THRESHOLD });
        if (d.verdict === "regressed") gate++;
        if (d.verdict === "inconclusive") inconclusive++;
        if (mean(cur) / mean(base) > 1 + THRESHOLD) plain++;
      }
      rows.push({
        noise: noise.label,
        runs,
        samplesPerSide: n,
        trueSlowdown: slowdown,
        perfgateFlagRate: gate / TRIALS,
        plainRuleFlagRate: plain / TRIALS,
        perfgateInconclusiveRate: inconclusive / TRIALS,
      });
    }
  }
}
const seconds = (performance.now() - started) / 1000;

const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(7);
const kind = (s: number) =>
  s === 0 ? "false alarm" : s < THRESHOLD ? "false alarm" : s === THRESHOLD ? "at threshold" : "detection";
console.log(
  `Gate accuracy: ${TRIALS} trials per cell, threshold +${THRESHOLD * 100}%, ${SAMPLES_PER_RUN} samples per run (${seconds.toFixed(1)} s)\n`,
);
console.log(
  "| noise | --runs | n/side | true slowdown | rate is | perfgate | plain mean>10% | perfgate inconclusive |",
);
console.log("|---|---:|---:|---:|---|---:|---:|---:|");
for (const r of rows) {
  console.log(
    `| ${r.noise} | ${r.runs} | ${r.samplesPerSide} | +${(r.trueSlowdown * 100).toFixed(0)}% | ${kind(r.trueSlowdown)} | ${pct(r.perfgateFlagRate)} | ${pct(r.plainRuleFlagRate)} | ${pct(r.perfgateInconclusiveRate)} |`,
  );
}
const at = (noise: string, runs: number, s: number) =>
  rows.find((r) => r.noise === noise && r.runs === runs && r.trueSlowdown === s)!;
const targets = [
  {
    target: "false alarms <= 1% with no change (CV 5%, 5 runs)",
    value: at("CV 5%", 5, 0).perfgateFlagRate,
    ok: at("CV 5%", 5, 0).perfgateFlagRate <= 0.01,
  },
  {
    target: "false alarms <= 5% with a true 5% slowdown (CV 5%, 5 runs)",
    value: at("CV 5%", 5, 0.05).perfgateFlagRate,
    ok: at("CV 5%", 5, 0.05).perfgateFlagRate <= 0.05,
  },
  {
    target: "detection >= 95% of a true 20% slowdown (CV 5%, 5 runs)",
    value: at("CV 5%", 5, 0.2).perfgateFlagRate,
    ok: at("CV 5%", 5, 0.2).perfgateFlagRate >= 0.95,
  },
];
console.log("");
for (const t of targets) console.log(`${t.ok ? "met    " : "MISSED "} ${t.target}: ${pct(t.value).trim()}`);
console.log(
  `\n${JSON.stringify({ trials: TRIALS, threshold: THRESHOLD, samplesPerRun: SAMPLES_PER_RUN, seconds, rows, targets }, null, 2)}`,
);
if (targets.some((t) => !t.ok)) process.exitCode = 1;
