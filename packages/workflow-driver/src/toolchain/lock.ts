import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import lockfile from "proper-lockfile";
import { ToolchainError } from "./errors.ts";

export interface LockOptions {
  /** Called once when another process holds the lock and we start waiting. */
  onWait?: (lockPath: string) => void;
  /** Give up after this long (a cold provisioning run takes a few minutes). */
  waitMs?: number;
}

/**
 * Runs `fn` while holding `<locksDir>/<name>.lock`, so concurrent provisioning runs
 * (tests in parallel workers, two terminals) take turns instead of racing.
 * A lock whose owner died is taken over once it is stale (not refreshed for 30 s).
 */
export async function withLock<T>(
  locksDir: string,
  name: string,
  fn: () => Promise<T>,
  opts: LockOptions = {},
): Promise<T> {
  await mkdir(locksDir, { recursive: true });
  const lockPath = join(locksDir, `${name}.lock`);
  const base = { realpath: false, lockfilePath: lockPath, stale: 30_000, update: 5_000, onCompromised: () => {} };
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(lockPath, base);
  } catch (err) {
    if ((err as { code?: string }).code !== "ELOCKED") throw lockError(lockPath, err);
    opts.onWait?.(lockPath);
    const waitMs = opts.waitMs ?? 20 * 60_000;
    try {
      release = await lockfile.lock(lockPath, {
        ...base,
        retries: { retries: Math.ceil(waitMs / 1000), factor: 1, minTimeout: 1000, maxTimeout: 1000 },
      });
    } catch (err2) {
      throw lockError(lockPath, err2);
    }
  }
  try {
    return await fn();
  } finally {
    await release().catch(() => {});
  }
}

function lockError(lockPath: string, err: unknown): ToolchainError {
  const held = (err as { code?: string }).code === "ELOCKED";
  return new ToolchainError(
    "LOCK_FAILED",
    held
      ? `Another provisioning run still holds ${lockPath}; gave up waiting for it.`
      : `Could not take the provisioning lock ${lockPath}: ${err instanceof Error ? err.message : String(err)}`,
    held
      ? "Wait for the other `pnpm toolchain` (or test run) to finish; if none is running, the lock goes stale after 30 s."
      : "Check that the tools folder (.perfgate, or PERFGATE_HOME) is writable.",
    { cause: err },
  );
}
