import { createHash } from "node:crypto";
import { promises as fs, readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import { type CliResult, runCli, startCli, type Via } from "../helpers.ts";
import { type Leftover, leftoverProcesses, MARK_ENV, newMark, processesMarked } from "../leftovers.ts";

/** Every file and folder under `dir` with a hash of its content and its mode: what "nothing lost" means. */
export async function fingerprint(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  async function walk(d: string): Promise<void> {
    for (const e of await fs.readdir(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      const rel = path.relative(dir, p);
      const st = await fs.lstat(p);
      const mode = (st.mode & 0o7777).toString(8);
      if (e.isDirectory()) {
        out[`${rel}/`] = `dir ${mode}`;
        await walk(p);
      } else if (e.isFile()) {
        out[rel] = `${createHash("sha256")
          .update(await fs.readFile(p))
          .digest("hex")} ${mode}`;
      } else
        out[rel] = `${e.isFIFO() ? "fifo" : e.isSymbolicLink() ? `link -> ${await fs.readlink(p)}` : "other"} ${mode}`;
    }
  }
  await walk(dir);
  return out;
}

export interface RunOptions {
  env?: Record<string, string>;
  asUser?: number;
  via?: Via;
  /** For an input that used to hang: SIGKILL the CLI after this long (exit 124). */
  timeoutMs?: number;
}

/**
 * Run the CLI in `dir` with a fresh PERFGATE_TEST_MARK and fail the test when any process it
 * started (a benchmark, its children, a worker, git) is still running after it exited.
 */
export async function runChecked(dir: string, args: string[], o: RunOptions = {}): Promise<CliResult> {
  const mark = newMark();
  const env = { ...o.env, [MARK_ENV]: mark };
  const r = await runCli(args, { cwd: dir, env, asUser: o.asUser, via: o.via, timeoutMs: o.timeoutMs });
  expect(await leftoverProcesses(mark), `a process perfgate started outlived it\n${r.output}`).toEqual([]);
  return r;
}

/**
 * Nothing lost: every file and folder of `before` is in `after` exactly as it was (content and
 * mode), and whatever was added matches `added` (none when it is not given; never a temp file).
 */
export function expectKept(before: Record<string, string>, after: Record<string, string>, added?: RegExp): void {
  const kept = Object.fromEntries(Object.keys(before).map((f) => [f, after[f]]));
  expect(kept, "a file or folder that was there changed or went").toEqual(before);
  const extra = Object.keys(after).filter((f) => !(f in before));
  expect(
    extra.filter((f) => !added?.test(f) || /\.tmp$|\.download-/.test(f)),
    "files the command should not have written",
  ).toEqual([]);
}

/** No stack trace, no "this is a bug". */
function expectNoBug(r: CliResult): void {
  expect(r.output).not.toMatch(/\n\s+at .+[\\/].+:\d+:\d+/); // no stack trace
  expect(r.output).not.toMatch(/this is a bug|unexpected error/i);
}

export interface Expectation extends RunOptions {
  code: number;
  /** The `perfgate: error:` line names the cause. */
  message: RegExp;
  /** The `remedy:` line says what to do. */
  remedy: RegExp;
}

/**
 * One hostile input through the real CLI: the exit code, one error line naming the cause, a
 * remedy, no stack trace, no "this is a bug", every file in `dir` exactly as before (no temp
 * file left either) and no process left running.
 */
export async function expectRefused(dir: string, args: string[], e: Expectation): Promise<CliResult> {
  const before = await fingerprint(dir);
  const r = await runChecked(dir, args, e);
  expect(r.code, r.output).toBe(e.code);
  const errors = r.stderr.split("\n").filter((l) => l.startsWith("perfgate: error:"));
  expect(errors, r.output).toHaveLength(1);
  expect(errors[0], r.output).toMatch(e.message);
  const remedy = r.stderr.split("\n").find((l) => l.startsWith("  remedy: "));
  expect(remedy, r.output).toMatch(e.remedy);
  expectNoBug(r);
  expect(await fingerprint(dir)).toEqual(before);
  return r;
}

export interface Outcome extends RunOptions {
  code: number;
  /** A line of the output (stdout or stderr) that says what perfgate made of the input. */
  says: RegExp;
  /**
   * The words of that line, or of another, that say what to do. A warning has one; an input
   * that is handled as it should be (a byte-order mark read as JSON) has nothing to remedy.
   */
  remedy?: RegExp;
  /** Files the command writes (its result); every file that was there must stay as it was. */
  adds?: RegExp;
}

/**
 * A hostile input that ends in an outcome rather than an error line: accepted (with a warning
 * where it matters), or a verdict or a benchmark failure on stdout. The exit code, what perfgate
 * says, its remedy, no stack trace, nothing lost, nothing written but `adds`, no process left.
 */
export async function expectOutcome(dir: string, args: string[], e: Outcome): Promise<CliResult> {
  const before = await fingerprint(dir);
  const r = await runChecked(dir, args, e);
  expect(r.code, r.output).toBe(e.code);
  const lines = r.output.split("\n");
  expect(
    lines.find((l) => e.says.test(l)),
    r.output,
  ).toBeDefined();
  if (e.remedy)
    expect(
      lines.find((l) => e.remedy!.test(l)),
      r.output,
    ).toBeDefined();
  expectNoBug(r);
  expectKept(before, await fingerprint(dir), e.adds);
  return r;
}

/** Poll `probe` until it returns something, for at most `timeoutMs`. */
export async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** CPU time a process has used so far, in ms (user + system, from /proc/PID/stat). */
export function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in 1/100 s
  } catch {
    return 0;
  }
}

export interface Stopped {
  result: CliResult;
  /** The processes perfgate had started, seen running just before the signal. */
  running: Leftover[];
  /** Those still running after perfgate exited (killed by the check afterwards). */
  left: Leftover[];
}

/**
 * Start the CLI in `dir`, wait until what it started satisfies `ready` (e.g. `sleep 611` runs),
 * send perfgate `signal` and wait for it to exit; then see which of its processes are left.
 */
export async function signalMidRun(
  dir: string,
  args: string[],
  signal: NodeJS.Signals,
  ready: (started: Leftover[]) => boolean,
  o: RunOptions = {},
): Promise<Stopped> {
  const mark = newMark();
  const { child, done } = startCli(args, { cwd: dir, env: { ...o.env, [MARK_ENV]: mark }, via: o.via });
  let running: Leftover[];
  try {
    running = await until(`what ${args.join(" ")} starts`, () => {
      const started = processesMarked(mark).filter((p) => p.pid !== child.pid);
      return started.length > 0 && ready(started) ? started : undefined;
    });
  } catch (error) {
    child.kill("SIGKILL");
    await done;
    await leftoverProcesses(mark);
    throw error;
  }
  child.kill(signal);
  const result = await done;
  return { result, running, left: await leftoverProcesses(mark) };
}

/** The user nobody (65534) can read what a test wrote and write nowhere it was not allowed to. */
export const NOBODY = 65534;

export async function openToOthers(dir: string): Promise<void> {
  await fs.chmod(dir, 0o755);
  for (const e of await fs.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) await openToOthers(p);
    else if (e.isFile()) await fs.chmod(p, 0o644);
  }
}
