import { writeFileSync } from "node:fs";

/** Writes a bench client's result with its peak RSS (to a file: @actions/artifact logs to stdout). */
export function finish(out: string, result: Record<string, unknown> | undefined, err?: unknown): void {
  if (!result) {
    const e = err as { message?: string; remedy?: string };
    process.stderr.write(`bench client failed: ${e?.message ?? String(err)}\n${e?.remedy ?? ""}\n`);
    process.exit(1);
  }
  // maxRSS is in KiB: the process's peak resident set, as VmHWM.
  writeFileSync(out, JSON.stringify({ ...result, peakRssBytes: process.resourceUsage().maxRSS * 1024 }));
}
