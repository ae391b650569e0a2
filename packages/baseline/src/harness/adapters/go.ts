import { type HarnessAdapter, HarnessOutputError, type HarnessSample } from "../types.ts";
import { checkedSamples, excerpt } from "./checked-samples.ts";
import { goTestOutputText } from "./go-json.ts";

const TITLE = "Go testing.B";

/**
 * A result line of Go's benchmark format: the name (`Benchmark` then an upper-case letter, a
 * digit, `_`, `/` or nothing), the iteration count, then value-unit pairs (`123.4 ns/op`,
 * `16 B/op`, custom metrics). `go test -v` also prints the bare name on its own line first;
 * that line has no iteration count and does not match.
 */
const RESULT_LINE = /^(Benchmark(?:[^\s\p{Ll}]\S*)?)\s+(\d+)\s+(.*)$/u;
const NS_PER_OP = /(?:^|\s)([0-9.]+(?:e[+-]?\d+)?)\s+ns\/op(?:\s|$)/;
const PROCS_SUFFIX = /-(\d+)$/;

interface Row {
  pkg: string | undefined;
  name: string;
  ns: number;
}

function rows(text: string): Row[] {
  const out: Row[] = [];
  let pkg: string | undefined;
  for (const raw of text.split("\n")) {
    const line = raw.replace(/\r$/, "");
    if (line.startsWith("pkg: ")) pkg = line.slice(5).trim();
    const fail = /^--- FAIL: (\S+)/.exec(line);
    if (fail) {
      throw new HarnessOutputError(
        `go test reported ${fail[1]} as failed${pkg ? ` in ${pkg}` : ""}; a failed benchmark has no time`,
        "fix the benchmark (run the same `go test` locally and read its log), then push again",
      );
    }
    const failedPkg = /^FAIL\s+(\S+)/.exec(line);
    if (failedPkg) {
      throw new HarnessOutputError(
        `go test reported package ${failedPkg[1]} as failed: ${JSON.stringify(line.slice(0, 120))}`,
        "run the same `go test` command locally: it must build and pass before its benchmarks can be timed",
      );
    }
    const m = RESULT_LINE.exec(line);
    if (!m) continue;
    const ns = NS_PER_OP.exec(m[3]!);
    if (!ns) {
      throw new HarnessOutputError(
        `go test printed a result for ${m[1]} without an ns/op value: ${JSON.stringify(line.slice(0, 120))}`,
        'keep the ns/op metric (do not replace it with b.ReportMetric(0, "ns/op"))',
      );
    }
    out.push({ pkg, name: m[1]!, ns: Number(ns[1]) });
  }
  return out;
}

/**
 * `BenchmarkX-8`: Go appends GOMAXPROCS unless it is 1. When every result carries the same
 * suffix it is the machine's, not the benchmark's, and is dropped so names stay the same across
 * machines; with `-cpu 1,4` the suffixes differ and stay, keeping the names apart.
 */
function withoutProcs(list: Row[]): Row[] {
  const suffixes = new Set(list.map((r) => PROCS_SUFFIX.exec(r.name)?.[1] ?? ""));
  if (suffixes.size !== 1 || suffixes.has("")) return list;
  return list.map((r) => ({ ...r, name: r.name.replace(PROCS_SUFFIX, "") }));
}

/** One row per package and benchmark: the median ns/op of its -count repeats, in first-seen order. */
function medianOfRepeats(list: Row[]): Row[] {
  const groups = new Map<string, Row[]>();
  for (const r of list) {
    const key = `${r.pkg ?? ""}\u0000${r.name}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()].map((g) => {
    const sorted = g.map((r) => r.ns).sort((a, b) => a - b);
    const mid = sorted.length / 2;
    const ns = sorted.length % 2 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
    return { ...g[0]!, ns };
  });
}

export const goAdapter: HarnessAdapter = {
  id: "go",
  title: TITLE,
  exampleRun: "go test -bench=. ./...",
  output: "stdout",
  installHint:
    "install Go (https://go.dev/doc/install, or `apt-get install golang-go`) and make `go` reachable on PATH",

  /*
   * Flags go after the packages (go test accepts them there), in their `-test.` spelling so they
   * also reach the test binary when `run` ends in `-args ...`. The last of a repeated flag wins,
   * so these override the run's own:
   * -test.run=^$: a round runs no tests, only benchmarks (-bench selects those; it stays the run's).
   * -test.benchtime=20ms -test.count=5: five short runs of each benchmark, whose median is the
   * round's value. One 100 ms run is a mean over its whole time, so every slice of CPU a busy
   * neighbour takes lands in it: such rounds moved by ~30% on a loaded runner, the median of five
   * 20 ms runs by under 5%, at about the same cost.
   */
  roundCommand(run) {
    return `${run} '-test.run=^$' -test.benchtime=20ms -test.count=5`;
  },

  // ns/op is Go's only per-iteration time: b.N iterations' total time divided by b.N.
  parse(text) {
    const list = medianOfRepeats(withoutProcs(rows(goTestOutputText(text))));
    // The same name in two packages of `./...`: those are named `<package path>.<name>`.
    const count = new Map<string, number>();
    for (const r of list) count.set(r.name, (count.get(r.name) ?? 0) + 1);
    const samples: HarnessSample[] = list.map((r) => ({
      name: count.get(r.name)! > 1 && r.pkg ? `${r.pkg}.${r.name}` : r.name,
      ns: r.ns,
    }));
    if (samples.length === 0) {
      throw new HarnessOutputError(
        `expected go test benchmark lines ("BenchmarkX-8  1000  123 ns/op"), but found none in the ${excerpt(text)}`,
        "make `run` a `go test` command that selects benchmarks with -bench, e.g. `go test -bench=. ./...`",
      );
    }
    return checkedSamples(samples, TITLE, "");
  },
};
