/** The end of `perfgate init --help`: what init writes for each harness it detects (lines fit 100 columns). */
export const INIT_HELP = `What init writes: a harness entry per benchmark suite it detects. perfgate runs its "run" with the
harness's output and time-budget flags added and reads every benchmark the harness reports (a suite
is never timed as one command). The top-level "setup" installs dependencies once in each tree
measured (the PR's and its base commit's); an entry's "setup" builds what that entry runs.
  pytest-benchmark  run: .perfgate-venv/bin/python -m pytest bench/
                    setup: python3 -m venv .perfgate-venv && ...pip install -q . pytest-benchmark
                    (a venv per tree, never an editable install: the base tree runs its own code)
  go                run: go test -run '^$' -bench . ./...    setup: go test -run '^$' ./...
  criterion         run: cargo bench --bench N               setup: cargo bench --no-run --bench N
  libtest           run: cargo +nightly bench                setup: cargo +nightly bench --no-run
  google-benchmark  run: ./.perfgate-build/DIR/TARGET        setup: cmake configure, build TARGET
  vitest            run: npx --no-install vitest bench --run setup: npm ci (or pnpm, yarn)
  tinybench         run: node bench/FILE.js                  (benchmarkjs: the same)
  hyperfine         run: hyperfine [--prepare ...] 'CMD' ... one entry per invocation in a script
  jmh               run: java -jar target/benchmarks.jar     setup: mvn -B -q -DskipTests package
.perfgate-venv/ and .perfgate-build/ hold a .gitignore of their own. The workflow only sets up the
toolchains (checkout with fetch-depth: 0). A bench script init cannot map is timed whole, with a
warning; what init could not tell is listed after the files.`;
