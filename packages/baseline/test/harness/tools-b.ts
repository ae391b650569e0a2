/**
 * Provisioning for the live harness tests (Google Benchmark, vitest, tinybench, benchmark.js, JMH).
 * CI is a fresh machine where we are root and reach the package registries, so each test installs
 * what it needs itself; every `ensure*` is idempotent and returns at once when the tool is there.
 * A tool that cannot be had fails the test with what was tried and what it said: never a skip.
 */
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

export interface Exec {
  code: number;
  stdout: string;
  stderr: string;
}

export interface ExecOptions {
  cwd?: string;
  timeoutMs?: number;
  /** Added to this process's environment (which carries PERFGATE_TEST_RUN to every child). */
  env?: Record<string, string>;
}

/** Run `cmd` without a shell; `code` is its exit status (124 when `timeoutMs` ran out, 127 when not found). */
export function exec(cmd: string, args: readonly string[], opts: ExecOptions = {}): Promise<Exec> {
  return new Promise((resolve) => {
    const limits = { maxBuffer: 64 * 1024 * 1024, timeout: opts.timeoutMs ?? 600_000, killSignal: "SIGKILL" as const };
    const env = { ...process.env, ...opts.env };
    execFile(cmd, [...args], { cwd: opts.cwd, env, ...limits }, (error, stdout, stderr) => {
      const failure = error as (NodeJS.ErrnoException & { killed?: boolean }) | null;
      const code = !failure
        ? 0
        : failure.code === "ENOENT"
          ? 127
          : typeof failure.code === "number"
            ? failure.code
            : failure.killed
              ? 124
              : 1;
      resolve({ code, stdout, stderr });
    });
  });
}

/** The last lines of a failed command's output, for an error message. */
export function tail(result: Exec, lines = 15): string {
  return `${result.stdout}\n${result.stderr}`.trim().split("\n").slice(-lines).join("\n");
}

/** Run a provisioning step; a failure throws naming the step, the command, its exit code and output. */
export async function mustRun(
  what: string,
  cmd: string,
  args: readonly string[],
  opts: ExecOptions = {},
): Promise<Exec> {
  const result = await exec(cmd, args, opts);
  if (result.code !== 0)
    throw new Error(`${what} failed: \`${[cmd, ...args].join(" ")}\` exited ${result.code}\n${tail(result)}`);
  return result;
}

async function installed(pkg: string): Promise<boolean> {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query format syntax
  const r = await exec("dpkg-query", ["-W", "-f=${Status}", pkg]);
  return r.code === 0 && r.stdout.includes("install ok installed");
}

/** Debian packages, installed with apt-get (as root) unless every one is already there. */
export async function ensureAptPackages(packages: readonly string[]): Promise<void> {
  const missing: string[] = [];
  for (const pkg of packages) if (!(await installed(pkg))) missing.push(pkg);
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0)
    throw new Error(`the live harness tests need the Debian packages ${missing.join(", ")}; install them as root`);
  // Another engineer's apt-get may hold the lock for a while: wait for it rather than fail.
  const lock = ["-o", "DPkg::Lock::Timeout=600"];
  await mustRun("apt-get update", "apt-get", [...lock, "update", "-qq"]);
  await mustRun(`installing ${missing.join(", ")}`, "apt-get", [
    ...lock,
    "install",
    "-y",
    "-qq",
    "--no-install-recommends",
    ...missing,
  ]);
}

/** g++ and Debian's Google Benchmark (headers and library). */
export async function ensureGoogleBenchmark(): Promise<void> {
  await ensureAptPackages(["g++", "libbenchmark-dev"]);
  if (!existsSync("/usr/include/benchmark/benchmark.h"))
    throw new Error("libbenchmark-dev is installed but /usr/include/benchmark/benchmark.h is missing");
}

/** A JDK (javac) and Maven; Maven fills ~/.m2 from Maven Central on a project's first build. */
export async function ensureJdkAndMaven(): Promise<void> {
  const javac = await exec("javac", ["-version"]);
  const mvn = await exec("mvn", ["-v"]);
  const missing = [...(javac.code === 0 ? [] : ["default-jdk-headless"]), ...(mvn.code === 0 ? [] : ["maven"])];
  await ensureAptPackages(missing);
}

/** The version of `name` installed in `dir`'s node_modules, if any. */
function installedVersion(dir: string, name: string): string | undefined {
  const file = path.join(dir, "node_modules", name, "package.json");
  if (!existsSync(file)) return undefined;
  return (JSON.parse(readFileSync(file, "utf8")) as { version?: string }).version;
}

/**
 * npm packages as devDependencies of the project in `dir` (which has a package.json), from the
 * npm registry; `packages` maps a name to its major version, and a match already installed is kept.
 */
export async function ensureNpmPackages(dir: string, packages: Record<string, number>): Promise<void> {
  const wanted = Object.entries(packages)
    .filter(([name, major]) => installedVersion(dir, name)?.split(".")[0] !== String(major))
    .map(([name, major]) => `${name}@${major}`);
  if (wanted.length === 0) return;
  await mustRun(
    `npm install ${wanted.join(" ")}`,
    "npm",
    ["install", "--save-dev", "--no-audit", "--no-fund", "--loglevel=error", ...wanted],
    { cwd: dir },
  );
}
