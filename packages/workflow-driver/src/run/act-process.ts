import { createWriteStream } from "node:fs";
import { createInterface } from "node:readline";
import { execa } from "execa";

export interface ActProcessResult {
  /** act's exit code; undefined when it could not be started or was killed. */
  exitCode?: number;
  /** Why act could not be started at all (binary missing, not executable). */
  startError?: string;
}

/**
 * Runs act, streaming every line of stdout and stderr to `logFile` and to `onLine` as it
 * comes. Aborting `signal` stops act (SIGTERM, then SIGKILL after 5 s).
 */
export async function spawnAct(opts: {
  act: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  logFile: string;
  signal: AbortSignal;
  onLine: (line: string) => void;
}): Promise<ActProcessResult> {
  const log = createWriteStream(opts.logFile);
  try {
    const child = execa(opts.act, opts.args, {
      cwd: opts.cwd,
      env: opts.env,
      reject: false,
      cancelSignal: opts.signal,
      forceKillAfterDelay: 5000,
      buffer: false,
      stdin: "ignore", // act would otherwise prompt on the terminal for a missing secret
    });
    const consume = async (stream: NodeJS.ReadableStream | null) => {
      if (!stream) return;
      for await (const line of createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY })) {
        log.write(`${line}\n`);
        opts.onLine(line);
      }
    };
    const [res] = await Promise.all([child, consume(child.stdout), consume(child.stderr)]);
    if (res.failed && res.exitCode === undefined && !res.isCanceled && !res.isTerminated) {
      return { startError: res.shortMessage ?? res.message };
    }
    return { exitCode: res.exitCode };
  } finally {
    await new Promise<void>((r) => log.end(r));
  }
}
