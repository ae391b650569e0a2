import { exactBranchFilter, yamlString } from "./branch.ts";
import type { Detection } from "./detect.ts";
import type { Need, Proposal } from "./proposal.ts";

/** Used when nothing benchmarkable is found: a real, runnable entry the user replaces. */
export const PLACEHOLDER: Proposal = {
  benchmark: { name: "node-startup", command: 'node -e "0"' },
  found:
    "nothing benchmarkable (no pytest-benchmark, Go, criterion, #[bench], Google Benchmark, vitest, tinybench, benchmark.js, JMH, hyperfine or bench script)",
  check: "node-startup is a placeholder that times Node's start-up: replace it with your own entries",
};

export function configText(d: Pick<Detection, "proposals" | "setup">): string {
  const config = { ...(d.setup ? { setup: d.setup } : {}), benchmarks: d.proposals.map((p) => p.benchmark) };
  return `${JSON.stringify(config, null, 2)}\n`;
}

/** The workflow steps that provide each need (no project dependency: `setup` installs those in each tree). */
function steps(needs: Need[], exists: (file: string) => boolean): string[] {
  const has = (n: Need) => needs.includes(n);
  const lines: string[] = [];
  if (has("node")) {
    const versionFile = [".nvmrc", ".node-version"].find((f) => exists(f));
    lines.push(
      "      - uses: actions/setup-node@v4",
      "        with:",
      versionFile ? `          node-version-file: ${versionFile}` : "          node-version: 20",
    );
    if (has("corepack")) lines.push("      - name: pnpm/yarn (corepack)", "        run: corepack enable");
  }
  if (has("python")) {
    lines.push(
      "      - uses: actions/setup-python@v5",
      "        with:",
      exists(".python-version") ? "          python-version-file: .python-version" : '          python-version: "3.12"',
    );
  }
  if (has("go")) {
    lines.push(
      "      - uses: actions/setup-go@v5",
      "        with:",
      exists("go.mod") ? "          go-version-file: go.mod" : "          go-version: stable",
    );
  }
  for (const channel of ["stable", "nightly"] as const)
    if (has(`rust-${channel}`))
      lines.push(`      - name: Rust ${channel}`, `        run: rustup toolchain install ${channel} --profile minimal`);
  const java = needs.find((n) => n.startsWith("java-"));
  if (java) {
    lines.push(
      "      - uses: actions/setup-java@v4",
      "        with:",
      "          distribution: temurin",
      `          java-version: "${Number(java.slice(5))}"`,
    );
  }
  const apt = needs.filter((n) => n.startsWith("apt-")).map((n) => n.slice(4));
  if (apt.length > 0)
    lines.push(
      "      - name: System packages",
      `        run: sudo apt-get update && sudo apt-get install -y ${apt.join(" ")}`,
    );
  return lines;
}

/**
 * .github/workflows/perfgate.yml: checkout with history, the toolchains the benchmarks need, the
 * perfgate action. `mainBranch` must have passed branchNameProblem; it is written only as YAML
 * double-quoted strings, so nothing in it can change the document's structure.
 */
export function workflowText(
  d: Pick<Detection, "needs">,
  opts: { mainBranch: string; config: string; has: (file: string) => boolean },
): string {
  const branch = yamlString(opts.mainBranch);
  const lines = [
    "# The perfgate performance gate (written by `perfgate init`).",
    `# A push to the branch ${branch} measures the benchmarks in ${opts.config} and uploads the`,
    "# baseline artifact; a pull request is measured beside its base commit (and main's newest",
    "# baseline) and fails naming the benchmarks that got slower than the threshold.",
    "# Project dependencies are installed by `setup` in the config, in each tree measured, not here.",
    "# Docs: https://github.com/perfgate/perfgate",
    "name: perfgate",
    "",
    "on:",
    "  push:",
    `    branches: [${yamlString(exactBranchFilter(opts.mainBranch))}]`,
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
    ...steps(d.needs, opts.has),
    "      - name: Performance gate (perfgate)",
    "        id: perfgate",
    "        uses: perfgate/perfgate@v1",
    "        with:",
    "          threshold: 10",
    "          runs: 3",
    ...(opts.config === "perfgate.config.json" ? [] : [`          config: ${yamlString(opts.config)}`]),
    ...(opts.mainBranch === "main" ? [] : [`          main-branch: ${branch}`]),
  ];
  return `${lines.join("\n")}\n`;
}
