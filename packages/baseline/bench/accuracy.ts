/**
 * Gate accuracy on synthetic data: how often perfgate's decision and a plain
 * "mean ratio > threshold" rule flag a regression, for known true slowdowns.
 * Samples are log-normal (timings are positive and right-skewed); each --runs
 * round yields SAMPLES_PER_RUN samples, exactly as `perfgate establish/check` do.
 * A second table adds what independent samples hide: the machine's load moves between runs and
 * drifts within a job, and the baseline's job and the check's job ran under different load. There
 * the stored-baseline mode (samples of two jobs) is set beside the paired mode (base and head
 * measured back to back in the check's job, so both see the same load factor).
 * Run: pnpm --filter @perfgate/baseline bench   (prints the tables, then JSON; bench/real-accuracy.ts follows)
 */
import { decideBenchmark } from "../src/decide.ts";
import { decidePairedBenchmark } from "../src/paired/decide-paired.ts";
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

// ---- load models: drift within a job, load that differs between the baseline's job and the check's
const LOAD_MODELS = [
  { label: "drift (same mean load)", baseLoad: 1, checkLoad: 1 },
  { label: "busy check (x1.15 load)", baseLoad: 1, checkLoad: 1.15 },
  { label: "loaded baseline (x1.30 load)", baseLoad: 1.3, checkLoad: 1 },
];
const LOAD_RUNS = 3; // the workflow's setting
const RUN_LOAD_SD = 0.08; // each run's load factor: log-normal, about 8% apart
const JOB_DRIFT = 0.1; // the machine slows by up to 10% from a job's first sample to its last
const SAMPLE_CV = 0.05;

/** Load factor of each sample of one job: its mean load, a factor per run, a linear drift. */
function loadPath(rand: () => number, load: number, runs: number): number[] {
  const n = runs * SAMPLES_PER_RUN;
  const drift = JOB_DRIFT * rand();
  const runFactor = Array.from({ length: runs }, () => Math.exp(RUN_LOAD_SD * normal(rand)));
  return Array.from(
    { length: n },
    (_, i) => load * runFactor[Math.floor(i / SAMPLES_PER_RUN)]! * (1 + (drift * i) / (n - 1)),
  );
}

interface LoadRow {
  model: string;
  trueSlowdown: number;
  storedFlagRate: number;
  storedImprovedRate: number;
  storedInconclusiveRate: number;
  plainRuleFlagRate: number;
  pairedFlagRate: number;
  pairedImprovedRate: number;
  pairedInconclusiveRate: number;
}
const LOAD_TRIALS = Math.max(50, Math.round(TRIALS / 2)); // the paired bootstrap costs more per trial
const loadRows: LoadRow[] = [];
const sigma = Math.sqrt(Math.log(1 + SAMPLE_CV * SAMPLE_CV));
for (const [m, model] of LOAD_MODELS.entries()) {
  for (const slowdown of SLOWDOWNS) {
    const rand = mulberry32(0x5eed + m * 1000 + Math.round(slowdown * 100));
    const noisy = (load: number, scale: number) =>
      50 * scale * load * Math.exp(sigma * normal(rand) - (sigma * sigma) / 2);
    const tally = {
      stored: 0,
      storedImproved: 0,
      storedInconclusive: 0,
      plain: 0,
      paired: 0,
      pairedImproved: 0,
      pairedInconclusive: 0,
    };
    for (let t = 0; t < LOAD_TRIALS; t++) {
      // Stored mode: the baseline's samples come from main's job, the current ones from the PR's job.
      const base = loadPath(rand, model.baseLoad, LOAD_RUNS).map((l) => noisy(l, 1));
      const cur = loadPath(rand, model.checkLoad, LOAD_RUNS).map((l) => noisy(l, 1 + slowdown));
      const d = decideBenchmark(`trial${t}`, base, cur, { threshold: THRESHOLD });
      if (d.verdict === "regressed") tally.stored++;
      if (d.verdict === "improved") tally.storedImproved++;
      if (d.verdict === "inconclusive") tally.storedInconclusive++;
      if (mean(cur) / mean(base) > 1 + THRESHOLD) tally.plain++;
      // Paired mode: both sides in the PR's job, sample i of each back to back under the same load.
      const shared = loadPath(rand, model.checkLoad, LOAD_RUNS);
      const pb = shared.map((l) => noisy(l, 1));
      const ph = shared.map((l) => noisy(l, 1 + slowdown));
      const p = decidePairedBenchmark(`trial${t}`, pb, ph, { threshold: THRESHOLD });
      if (p.verdict === "regressed") tally.paired++;
      if (p.verdict === "improved") tally.pairedImproved++;
      if (p.verdict === "inconclusive") tally.pairedInconclusive++;
    }
    loadRows.push({
      model: model.label,
      trueSlowdown: slowdown,
      storedFlagRate: tally.stored / LOAD_TRIALS,
      storedImprovedRate: tally.storedImproved / LOAD_TRIALS,
      storedInconclusiveRate: tally.storedInconclusive / LOAD_TRIALS,
      plainRuleFlagRate: tally.plain / LOAD_TRIALS,
      pairedFlagRate: tally.paired / LOAD_TRIALS,
      pairedImprovedRate: tally.pairedImproved / LOAD_TRIALS,
      pairedInconclusiveRate: tally.pairedInconclusive / LOAD_TRIALS,
    });
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
console.log(
  `\nLoad models: ${LOAD_TRIALS} trials per cell, --runs ${LOAD_RUNS}, sample CV ${SAMPLE_CV * 100}%, run load factors ${RUN_LOAD_SD * 100}% apart, drift up to +${JOB_DRIFT * 100}% across a job\n`,
);
console.log(
  "| load model | true slowdown | stored flagged | stored improved | stored inconclusive | plain mean>10% | paired flagged | paired improved | paired inconclusive |",
);
console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const r of loadRows) {
  console.log(
    `| ${r.model} | +${(r.trueSlowdown * 100).toFixed(0)}% | ${pct(r.storedFlagRate)} | ${pct(r.storedImprovedRate)} | ${pct(r.storedInconclusiveRate)} | ${pct(r.plainRuleFlagRate)} | ${pct(r.pairedFlagRate)} | ${pct(r.pairedImprovedRate)} | ${pct(r.pairedInconclusiveRate)} |`,
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
  `\n${JSON.stringify({ trials: TRIALS, threshold: THRESHOLD, samplesPerRun: SAMPLES_PER_RUN, seconds, rows, loadRows, targets }, null, 2)}`,
);
if (targets.some((t) => !t.ok)) process.exitCode = 1;
