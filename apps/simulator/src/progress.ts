import type { RunEvent } from "@perfgate/workflow-driver";

/** Live progress on stderr (stdout stays clean for --json): scenario, job, step, durations. */
export interface Progress {
  scenario(name: string, title: string): void;
  note(message: string): void;
  event(e: RunEvent): void;
  done(name: string, passed: boolean, durationMs: number, items: { passed: boolean }[]): void;
}

const secs = (ms: number) => `${(ms / 1000).toFixed(1)}s`;
const MARK: Record<string, string> = { success: "✓", failure: "✗", skipped: "-", cancelled: "⊘" };

export function createProgress(opts: { verbose: boolean; write?: (s: string) => void; quiet?: boolean }): Progress {
  const write = opts.quiet ? () => {} : (opts.write ?? ((s: string) => process.stderr.write(s)));
  return {
    scenario(name, title) {
      write(`\n▶ ${name}: ${title}\n`);
    },
    note(message) {
      write(`  • ${message}\n`);
    },
    event(e) {
      switch (e.type) {
        case "job-start":
          write(`  ┌ job ${e.job}\n`);
          break;
        case "step-start":
          if (opts.verbose) write(`  │ … ${e.step}\n`);
          break;
        case "log":
          if (opts.verbose) write(`  │     ${e.line}\n`);
          break;
        case "annotation":
          write(`  │   ${e.annotation.level}: ${e.annotation.message}\n`);
          break;
        case "step-end":
          write(`  │ ${MARK[e.result] ?? "?"} ${e.step} (${secs(e.durationMs)})\n`);
          break;
        case "job-end":
          write(`  └ job ${e.job}: ${e.result} (${secs(e.durationMs)})\n`);
          break;
        case "cleanup":
          if (opts.verbose) write(`  • removed ${e.removedContainers.length} container(s)\n`);
          break;
        default:
          break;
      }
    },
    done(name, passed, durationMs, items) {
      const ok = items.filter((i) => i.passed).length;
      write(
        `  ${passed ? "✓ PASS" : "✗ FAIL"} ${name}: ${ok}/${items.length} checklist items in ${secs(durationMs)}\n`,
      );
    },
  };
}
