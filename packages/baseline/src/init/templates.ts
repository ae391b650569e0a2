import type { Proposal } from "./detect.ts";

/** Used when nothing benchmarkable is found: a real, runnable entry the user replaces. */
export const PLACEHOLDER: Proposal = {
  benchmark: { name: "node-startup", command: 'node -e "0"' },
  found:
    "nothing benchmarkable (no bench script, *.bench.* file, pytest-benchmark, Python package, Go benchmark or hyperfine script)",
  toolchain: "node",
  check: "node-startup is a placeholder that times Node's start-up: replace it with your own commands or modules",
};

export function configText(proposals: Proposal[]): string {
  return `${JSON.stringify({ benchmarks: proposals.map((p) => p.benchmark) }, null, 2)}\n`;
}

const SETUP: Record<Proposal["toolchain"], string[]> = {
  node: ["      - uses: actions/setup-node@v4", "        with:", "          node-version: 20"],
  python: [
    "      - uses: actions/setup-python@v5",
    "        with:",
    '          python-version: "3.12"',
    "      - name: Install the project",
    "        run: pip install -e . pytest pytest-benchmark",
  ],
  go: ["      - uses: actions/setup-go@v5", "        with:", "          go-version-file: go.mod"],
};

/** .github/workflows/perfgate.yml: checkout, the toolchains the benchmarks need, the perfgate action. */
export function workflowText(proposals: Proposal[], opts: { mainBranch: string; config: string }): string {
  const toolchains = [...new Set(["node" as const, ...proposals.map((p) => p.toolchain)])];
  const lines = [
    "# The perfgate performance gate (written by `perfgate init`).",
    `# A push to ${opts.mainBranch} measures the benchmarks in ${opts.config} and uploads the baseline`,
    "# artifact; a pull request is checked against main's newest baseline and fails naming the",
    "# benchmarks that got slower than the threshold. Docs: https://github.com/perfgate/perfgate",
    "name: perfgate",
    "",
    "on:",
    "  push:",
    `    branches: [${opts.mainBranch}]`,
    "  pull_request:",
    "",
    "permissions:",
    "  contents: read",
    "  actions: read # find and download main's baseline artifact",
    "",
    "jobs:",
    "  performance-regression:",
    "    runs-on: ubuntu-22.04 # one fixed runner image: timings depend on it",
    "    timeout-minutes: 30",
    "    steps:",
    "      - uses: actions/checkout@v4",
    "        with:",
    "          fetch-depth: 0 # the PR's base commit too, for a paired check",
    ...toolchains.flatMap((t) => SETUP[t]),
    "      - name: Performance gate (perfgate)",
    "        id: perfgate",
    "        uses: perfgate/perfgate@v1",
    "        with:",
    "          threshold: 10",
    "          runs: 3",
    ...(opts.config === "perfgate.config.json" ? [] : [`          config: ${opts.config}`]),
    ...(opts.mainBranch === "main" ? [] : [`          main-branch: ${opts.mainBranch}`]),
  ];
  return `${lines.join("\n")}\n`;
}
