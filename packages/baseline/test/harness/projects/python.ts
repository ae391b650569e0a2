/**
 * A small real pytest-benchmark project: a module of text functions (`textops.py`) and a
 * benchmark file using the `benchmark` fixture. Its Python is the cached venv of
 * tools.ts (pytest-benchmark installed by pip); `requirements.txt` says what it needs.
 */
import { shellQuote } from "../../../src/harness/types.ts";
import { ensurePytestBenchmark, PYTEST_BENCHMARK_REQUIREMENT } from "../tools.ts";
import { checkSlow, type HarnessProject, type ProjectOptions, SLOW_SHARE_PERCENT, writeFiles } from "./project.ts";

export const PYTHON_BENCHMARKS = ["test_checksum", "test_word_count", "test_dedup"] as const;

/** The module under test: each function makes one pass over its input; `slow`'s makes a second. */
function textops(slow: string | undefined): string {
  const share = `${SLOW_SHARE_PERCENT} // 100`;
  const regression = (benchmark: string, line: string) =>
    slow === benchmark ? `    ${line}  # the regression: a second pass over part of the input\n` : "";
  return `def _checksum_pass(data, total):
    for b in data:
        total = (total * 31 + b) & 0xFFFFFFFF
    return total


def _count_pass(words, counts):
    for w in words:
        counts[w] = counts.get(w, 0) + 1
    return counts


def _dedup_pass(words, seen):
    for w in words:
        if w not in seen:
            seen[w] = len(seen)
    return seen


def checksum(data):
    total = _checksum_pass(data, 0)
${regression("test_checksum", `total = _checksum_pass(data[: len(data) * ${share}], total)`)}    return total


def word_count(words):
    counts = _count_pass(words, {})
${regression("test_word_count", `counts = _count_pass(words[: len(words) * ${share}], counts)`)}    return counts


def dedup(words):
    seen = _dedup_pass(words, {})
${regression("test_dedup", `seen = _dedup_pass(words[: len(words) * ${share}], seen)`)}    return list(seen)
`;
}

const BENCH_FILE = `from textops import checksum, dedup, word_count

DATA = bytes(range(256)) * 60
WORDS = [f"w{i % 700}" for i in range(12000)]


def test_checksum(benchmark):
    benchmark(checksum, DATA)


def test_word_count(benchmark):
    benchmark(word_count, WORDS)


def test_dedup(benchmark):
    benchmark(dedup, WORDS)


def test_dedup_keeps_order():
    assert dedup(["b", "a", "b"]) == ["b", "a"]
`;

/**
 * Write the project into `dir` (which must exist). Its `pytest.ini` disables benchmarks for plain
 * test runs, as many projects do: the adapter's round must turn them back on.
 */
export async function makePythonProject(dir: string, opts: ProjectOptions = {}): Promise<HarnessProject> {
  checkSlow(opts.slow, PYTHON_BENCHMARKS);
  const { python } = await ensurePytestBenchmark();
  await writeFiles(dir, {
    "requirements.txt": `${PYTEST_BENCHMARK_REQUIREMENT}\n`,
    "pytest.ini": "[pytest]\naddopts = --benchmark-disable -p no:cacheprovider\npythonpath = .\n",
    "textops.py": textops(opts.slow),
    "bench/test_textops.py": BENCH_FILE,
  });
  return { run: `${shellQuote(python)} -m pytest -q bench/`, benchmarks: [...PYTHON_BENCHMARKS] };
}
