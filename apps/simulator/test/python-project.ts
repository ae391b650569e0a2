import { createHash } from "node:crypto";
import { copyFile, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { execa } from "execa";
import { paths } from "../src/paths.ts";

/**
 * A small Python project as a team would have it: a package, unit tests, two command benchmarks
 * and a CI workflow with the perfgate gate, committed on main. `gate: "action"` uses the perfgate
 * action; `gate: "cli"` calls the single-file CLI it commits at tools/perfgate.cjs.
 */
export async function makePythonProject(dir: string, opts: { gate: "action" | "cli" }): Promise<void> {
  const files: Record<string, string> = {
    "README.md": "# textkit\n\nTiny text utilities, gated by perfgate.\n",
    ".gitignore": "__pycache__/\nmetrics/\n",
    "textkit/__init__.py": "",
    // Iterative: the benchmark's few hundred calls take tens of milliseconds.
    "textkit/fib.py": [
      "def fib(n):",
      "    a, b = 0, 1",
      "    for _ in range(n):",
      "        a, b = b, a + b",
      "    return a",
      "",
    ].join("\n"),
    "textkit/words.py": [
      "def word_count(text):",
      "    counts = {}",
      "    for w in text.lower().split():",
      "        counts[w] = counts.get(w, 0) + 1",
      "    return counts",
      "",
    ].join("\n"),
    "bench/bench_fib.py": [
      "import sys, os",
      "sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..'))",
      "from textkit.fib import fib",
      "for i in range(6000):",
      "    fib(200 + i % 50)",
      "",
    ].join("\n"),
    "bench/bench_words.py": [
      "import sys, os",
      "sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..'))",
      "from textkit.words import word_count",
      "text = ' '.join(['alpha beta gamma delta'] * 2000)",
      "for _ in range(20):",
      "    word_count(text)",
      "",
    ].join("\n"),
    "tests/test_textkit.py": [
      "import unittest",
      "from textkit.fib import fib",
      "from textkit.words import word_count",
      "",
      "class TextkitTest(unittest.TestCase):",
      "    def test_fib(self):",
      "        self.assertEqual([fib(n) for n in range(8)], [0, 1, 1, 2, 3, 5, 8, 13])",
      "",
      "    def test_word_count(self):",
      "        self.assertEqual(word_count('a b A'), {'a': 2, 'b': 1})",
      "",
      "if __name__ == '__main__':",
      "    unittest.main()",
      "",
    ].join("\n"),
    "perfgate.config.json": `${JSON.stringify(
      {
        samplesPerRun: 5,
        benchmarks: [
          { name: "fib", command: "python3 bench/bench_fib.py" },
          { name: "words", command: "python3 bench/bench_words.py" },
        ],
      },
      null,
      2,
    )}\n`,
    ".github/workflows/ci.yml": opts.gate === "action" ? ACTION_WORKFLOW : CLI_WORKFLOW,
  };
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, rel)), { recursive: true });
    await writeFile(join(dir, rel), text);
  }
  if (opts.gate === "cli") {
    await mkdir(join(dir, "tools"), { recursive: true });
    await copyFile(paths.perfgateBundle(), join(dir, "tools", "perfgate.cjs"));
  }
  const git = (...args: string[]) => execa("git", args, { cwd: dir, env: GIT_ENV });
  await git("init", "-q", "-b", "main");
  await git("add", "-A");
  await git("commit", "-q", "-m", "textkit with the perfgate gate");
}

/** A patch that makes fib about 4x slower (each step recomputed, same results): only `fib` must regress. */
export const SLOW_FIB_PATCH = `diff --git a/textkit/fib.py b/textkit/fib.py
--- a/textkit/fib.py
+++ b/textkit/fib.py
@@ -1,5 +1,7 @@
 def fib(n):
-    a, b = 0, 1
-    for _ in range(n):
-        a, b = b, a + b
-    return a
+    # Double-check the result: work it out six times over (same results, about 6x the work).
+    for _ in range(6):
+        a, b = 0, 1
+        for _ in range(n):
+            a, b = b, a + b
+    return a
`;

export const GIT_ENV = {
  GIT_AUTHOR_NAME: "test",
  GIT_AUTHOR_EMAIL: "test@example.invalid",
  GIT_COMMITTER_NAME: "test",
  GIT_COMMITTER_EMAIL: "test@example.invalid",
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CONFIG_GLOBAL: "/dev/null",
};

/** sha256 over every file under dir (paths, modes and bytes, .git included): any write changes it. */
export async function hashTree(dir: string): Promise<string> {
  const hash = createHash("sha256");
  const walk = async (d: string, rel: string): Promise<void> => {
    const entries = (await readdir(d, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      const r = `${rel}/${e.name}`;
      hash.update(`${r}\0`);
      if (e.isDirectory()) await walk(join(d, e.name), r);
      else if (e.isFile()) hash.update(await readFile(join(d, e.name)));
    }
  };
  await walk(dir, "");
  return hash.digest("hex");
}

const TESTS_JOB = `  tests:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Unit tests
        run: python3 -m unittest discover -s tests
`;

const ACTION_WORKFLOW = `name: CI
on:
  push:
    branches: [main]
  pull_request:

jobs:
${TESTS_JOB}
  performance:
    runs-on: ubuntu-latest
    needs: tests
    steps:
      - uses: actions/checkout@v4
      - name: Performance gate
        id: perfgate
        uses: perfgate/perfgate@v1
        with:
          threshold: 10
          runs: 3
`;

const CLI_WORKFLOW = `name: CI
on:
  push:
    branches: [main]
  pull_request:

jobs:
${TESTS_JOB}
  performance:
    runs-on: ubuntu-latest
    needs: tests
    steps:
      - uses: actions/checkout@v4
      - name: Download baseline from main
        uses: dawidd6/action-download-artifact@v3
        with:
          workflow: ci.yml
          branch: main
          name: performance-baseline
          path: metrics/baselines/
          if_no_artifact_found: warn
        continue-on-error: true
      - name: Performance gate
        run: |
          if ! node tools/perfgate.cjs validate metrics/baselines/current_performance_baseline.json; then
            echo "No usable baseline from main: establishing one from this commit"
            node tools/perfgate.cjs establish --runs 3
          fi
          node tools/perfgate.cjs check --threshold 10 --max-age 30d
      - name: Establish baseline for main
        if: github.event_name == 'push'
        run: node tools/perfgate.cjs establish --runs 3
      - name: Upload baseline
        if: github.event_name == 'push'
        uses: actions/upload-artifact@v4
        with:
          name: performance-baseline
          path: metrics/baselines/current_performance_baseline.json
          overwrite: true
`;
