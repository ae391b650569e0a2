/**
 * The benchmark harnesses the live adapter tests run, provisioned by the tests themselves (CI is
 * a fresh machine): each `ensure*` is idempotent, quick when the tool is already there, and
 * throws a clear error when it cannot be had. Cached tools live under
 * `$PERFGATE_HOME/harness-tools` (default `<repo>/.perfgate/harness-tools`).
 */
import { execFile } from "node:child_process";
import { existsSync, promises as fs } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** pytest-benchmark's version in the cached venv; the fixtures were captured with it. */
export const PYTEST_BENCHMARK_REQUIREMENT = "pytest-benchmark==5.3.1";

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run a program without a shell; never throws (a missing program is code 127). */
export function exec(cmd: string, args: string[], opts: { cwd?: string; timeoutMs?: number } = {}): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(
      cmd,
      args,
      { cwd: opts.cwd, timeout: opts.timeoutMs ?? 600_000, killSignal: "SIGKILL", maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = !error ? 0 : typeof error.code === "number" ? error.code : error.code === "ENOENT" ? 127 : 1;
        resolve({ code, stdout, stderr: error && code !== 0 && !stderr ? error.message : stderr });
      },
    );
  });
}

function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, "pnpm-workspace.yaml"))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error("tools.ts: no pnpm-workspace.yaml above this file");
    dir = up;
  }
  return dir;
}

/** Where provisioned harness tools are cached. */
export function harnessToolsDir(): string {
  return path.join(process.env["PERFGATE_HOME"] ?? path.join(repoRoot(), ".perfgate"), "harness-tools");
}

function tail(ran: Ran): string {
  return `${ran.stdout}\n${ran.stderr}`.trim().split("\n").slice(-8).join("\n");
}

/** One process at a time builds a cached tool: a directory made atomically is the lock. */
async function withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const lock = path.join(harnessToolsDir(), `${name}.lock`);
  await fs.mkdir(harnessToolsDir(), { recursive: true });
  for (;;) {
    try {
      await fs.mkdir(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      // A lock older than 15 minutes belongs to a build that died.
      const age = Date.now() - (await fs.stat(lock).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
      if (age > 15 * 60_000) await fs.rm(lock, { recursive: true, force: true });
      else await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    return await fn();
  } finally {
    await fs.rm(lock, { recursive: true, force: true });
  }
}

/** A python with pytest-benchmark: a venv under the tools folder, made once. */
export async function ensurePytestBenchmark(): Promise<{ python: string }> {
  const venv = path.join(harnessToolsDir(), "python-venv");
  const python = path.join(venv, "bin", "python");
  const ready = path.join(venv, "perfgate-ready");
  const isReady = async () => (await fs.readFile(ready, "utf8").catch(() => "")) === PYTEST_BENCHMARK_REQUIREMENT;
  if (await isReady()) return { python };
  return withLock("python-venv", async () => {
    if (await isReady()) return { python };
    await fs.rm(venv, { recursive: true, force: true });
    const made = await exec("python3", ["-m", "venv", venv]);
    if (made.code !== 0)
      throw new Error(`cannot create a Python venv with \`python3 -m venv ${venv}\`:\n${tail(made)}`);
    const pip = await exec(python, ["-m", "pip", "install", "--quiet", PYTEST_BENCHMARK_REQUIREMENT]);
    if (pip.code !== 0)
      throw new Error(`cannot pip install ${PYTEST_BENCHMARK_REQUIREMENT} into ${venv}:\n${tail(pip)}`);
    await fs.writeFile(ready, PYTEST_BENCHMARK_REQUIREMENT);
    return { python };
  });
}

async function works(cmd: string, args: string[]): Promise<boolean> {
  return (await exec(cmd, args, { timeoutMs: 60_000 })).code === 0;
}

/** Install Debian packages (as root), refreshing the package lists when the first try fails. */
async function aptInstall(pkg: string): Promise<Ran> {
  if (process.getuid?.() !== 0 || !(await works("apt-get", ["--version"])))
    return { code: 1, stdout: "", stderr: "apt-get is not usable here (needs root on Debian/Ubuntu)" };
  const install = () => exec("apt-get", ["install", "-y", "-q", "-o", "DPkg::Lock::Timeout=300", pkg]);
  const first = await install();
  if (first.code === 0) return first;
  await exec("apt-get", ["update", "-q", "-o", "DPkg::Lock::Timeout=300"]);
  return install();
}

/** hyperfine: on PATH, else from Debian's packages, else built by `cargo install`. */
export async function ensureHyperfine(): Promise<{ hyperfine: string }> {
  if (await works("hyperfine", ["--version"])) return { hyperfine: "hyperfine" };
  const root = path.join(harnessToolsDir(), "cargo");
  const built = path.join(root, "bin", "hyperfine");
  if (await works(built, ["--version"])) return { hyperfine: built };
  return withLock("hyperfine", async () => {
    const apt = await aptInstall("hyperfine");
    if (apt.code === 0 && (await works("hyperfine", ["--version"]))) return { hyperfine: "hyperfine" };
    const cargo = await exec("cargo", ["install", "--locked", "--root", root, "hyperfine"], { timeoutMs: 1_200_000 });
    if (cargo.code === 0 && (await works(built, ["--version"]))) return { hyperfine: built };
    throw new Error(
      `cannot install hyperfine: \`apt-get install hyperfine\` said:\n${tail(apt)}\n\`cargo install hyperfine\` said:\n${tail(cargo)}`,
    );
  });
}

/** Go's toolchain: on PATH, else Debian's golang-go. */
export async function ensureGo(): Promise<{ go: string }> {
  if (await works("go", ["version"])) return { go: "go" };
  const apt = await withLock("go", () => aptInstall("golang-go"));
  if (await works("go", ["version"])) return { go: "go" };
  throw new Error(`Go is not installed and \`apt-get install golang-go\` failed:\n${tail(apt)}`);
}

/**
 * Rust's cargo (criterion and libtest projects; crates come from crates.io through cargo itself).
 * Debian's Rust is too old for criterion, so there is no fallback: install rustup.
 */
export async function ensureCargo(): Promise<{ cargo: string; targetDir: string }> {
  if (!(await works("cargo", ["--version"])))
    throw new Error("Rust's cargo is not on PATH: install Rust with rustup (https://rustup.rs) to run these tests");
  // One target folder for every test project, so criterion is compiled once, not per test run.
  return { cargo: "cargo", targetDir: path.join(harnessToolsDir(), "cargo-target") };
}
