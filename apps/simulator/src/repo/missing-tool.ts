import type { RunResult } from "@perfgate/workflow-driver";
import { SimulatorError } from "../errors.ts";

export const EXTRA_PACKAGES_FILE = "docker/runner/extra-packages.txt";

export interface MissingTool {
  job: string;
  step: string;
  tool: string;
  /** A Debian package that likely provides it. */
  suggestion: string;
  line: string;
}

// bash: "line 3: pytest: command not found"; sh/dash: "pytest: not found"; env: "env: 'ruby': No such file or directory".
const COMMAND_NOT_FOUND = /(?:^|:\s)(?:line \d+:\s)?([\w.+-]+):\s(?:command\s)?not found\b/;
const ENV_NOT_FOUND = /env: '?([\w.+-]+)'?: No such file or directory/;
const PY_MODULE = /ModuleNotFoundError: No module named '([\w.]+)'/;

/** Debian package names for common tools whose package is not named after them. */
const KNOWN: Record<string, string> = {
  pip: "python3-pip",
  pip3: "python3-pip",
  pytest: "python3-pytest",
  make: "make",
  gcc: "gcc",
  cc: "gcc",
  "g++": "g++",
  go: "golang-go",
  cargo: "cargo",
  rustc: "rustc",
  java: "default-jre-headless",
  hyperfine: "hyperfine",
  jq: "jq",
  curl: "curl",
  ruby: "ruby",
  python: "python-is-python3",
};

/** The first step of a failed run that stopped because the runner image lacks a program or Python module. */
export function findMissingTool(result: RunResult): MissingTool | undefined {
  for (const j of result.jobs) {
    for (const s of j.steps) {
      if (s.result !== "failure") continue;
      for (const raw of s.log.split(/\r?\n/)) {
        const line = raw.trim();
        const cmd = COMMAND_NOT_FOUND.exec(line) ?? ENV_NOT_FOUND.exec(line);
        if (cmd) {
          const tool = cmd[1]!;
          return { job: j.id, step: s.name, tool, suggestion: KNOWN[tool] ?? tool, line };
        }
        const mod = PY_MODULE.exec(line);
        if (mod) {
          const top = mod[1]!.split(".")[0]!;
          return {
            job: j.id,
            step: s.name,
            tool: `the Python module ${top}`,
            suggestion: `python3-${top.toLowerCase().replace(/_/g, "-")}`,
            line,
          };
        }
      }
    }
  }
  return undefined;
}

/** Throws the error a user needs when a step could not run for want of a tool in the runner image. */
export function assertNoMissingTool(result: RunResult): void {
  const m = findMissingTool(result);
  if (!m) return;
  throw new SimulatorError(
    "TOOL_MISSING",
    `step "${m.step}" of job ${m.job} needs ${m.tool}, which the runner image does not have (${JSON.stringify(m.line)})`,
    `Add the Debian package that provides it (probably \`${m.suggestion}\`; \`apt-cache search ${m.tool.replace(/^the Python module /, "")}\` finds others) on a line of ${EXTRA_PACKAGES_FILE}, then run \`pnpm run toolchain\`: the list is part of the image's recipe, so the image is rebuilt under a new tag.`,
  );
}
