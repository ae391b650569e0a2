import { z } from "zod";
import { COMMIT_ID } from "../git-info.ts";
import type { Fingerprint } from "../schema.ts";

/**
 * Where and when another tool measured its results, as far as its JSON says. Whatever is known
 * replaces what perfgate would otherwise record (this machine, now, this checkout), so `--max-age`
 * and the other-machine warning speak about the measurement, not the import.
 */
export interface Provenance {
  createdAt?: string;
  git?: { sha: string | null; ref: string | null };
  /** Fields of the fingerprint the file gives; the rest stay this machine's (and `missing` says so). */
  environment: Partial<Fingerprint>;
  /** Provenance the file does not carry, in words, for a warning. */
  missing: string[];
}

/** An ISO timestamp from a tool's date: naive times are UTC (pytest-benchmark writes utcnow()). */
function isoDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const naive = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value.trim());
  const d = new Date(naive ? `${value.trim().replace(" ", "T")}Z` : value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

const OS_NAMES: Record<string, string> = { linux: "linux", darwin: "darwin", windows: "win32", freebsd: "freebsd" };
const ARCH_NAMES: Record<string, string> = {
  x86_64: "x64",
  amd64: "x64",
  aarch64: "arm64",
  arm64: "arm64",
  i386: "ia32",
};

const PytestInfo = z.object({
  datetime: z.string().optional(),
  machine_info: z
    .object({
      node: z.string().optional(),
      machine: z.string().optional(),
      processor: z.string().optional(),
      release: z.string().optional(),
      system: z.string().optional(),
      python_implementation: z.string().optional(),
      python_version: z.string().optional(),
      cpu: z.object({ brand_raw: z.string().optional(), count: z.number().int().optional() }).partial().optional(),
    })
    .partial()
    .optional(),
  commit_info: z
    .object({
      id: z.string().nullable().optional(),
      branch: z.string().nullable().optional(),
      dirty: z.boolean().optional(),
    })
    .partial()
    .optional(),
});

/** pytest-benchmark: `datetime`, `machine_info` (system, release, machine, cpu, python), `commit_info`. */
export function pytestProvenance(data: unknown): Provenance {
  const doc = PytestInfo.safeParse(data);
  const info = doc.success ? doc.data : {};
  const m = info.machine_info ?? {};
  const environment: Partial<Fingerprint> = {};
  if (m.system) environment.os = OS_NAMES[m.system.toLowerCase()] ?? m.system.toLowerCase();
  if (m.release) environment.osRelease = m.release;
  if (m.machine) environment.arch = ARCH_NAMES[m.machine.toLowerCase()] ?? m.machine.toLowerCase();
  const cpu = m.cpu?.brand_raw || m.processor;
  if (cpu) environment.cpuModel = cpu;
  if (m.cpu?.count) environment.cores = m.cpu.count;
  // The schema's runtime field: for Python results, the interpreter that ran them.
  if (m.python_version) environment.nodeVersion = `${m.python_implementation ?? "Python"} ${m.python_version}`;
  if (m.node) environment.runnerName = m.node;
  // Only a full commit id is recorded: a baseline's git.sha may be checked out by paired mode.
  const c = info.commit_info?.id && COMMIT_ID.test(info.commit_info.id) ? info.commit_info : undefined;
  const createdAt = isoDate(info.datetime);
  const missing = [
    ...(createdAt ? [] : ["the date (datetime)"]),
    ...(c?.id ? [] : ["the commit (commit_info: a full commit id)"]),
    ...(Object.keys(environment).length > 0 ? [] : ["the machine (machine_info)"]),
  ];
  return {
    ...(createdAt ? { createdAt } : {}),
    ...(c?.id ? { git: { sha: c.id, ref: c.branch ? `refs/heads/${c.branch}` : null } } : {}),
    environment,
    missing,
  };
}

const GoogleContext = z.object({
  context: z
    .object({
      date: z.string().optional(),
      host_name: z.string().optional(),
      num_cpus: z.number().int().optional(),
      mhz_per_cpu: z.number().optional(),
    })
    .partial()
    .optional(),
});

/** google-benchmark: `context` has the date, the host and the CPU count and clock (no model, OS or commit). */
export function googleProvenance(data: unknown): Provenance {
  const doc = GoogleContext.safeParse(data);
  const ctx = (doc.success ? doc.data.context : undefined) ?? {};
  const environment: Partial<Fingerprint> = {};
  if (ctx.num_cpus) {
    environment.cores = ctx.num_cpus;
    // No model in the file: the clock is what there is (the machine bucket ignores clock figures).
    environment.cpuModel = `unknown CPU${ctx.mhz_per_cpu ? ` @ ${ctx.mhz_per_cpu} MHz` : ""}`;
  }
  if (ctx.host_name) environment.runnerName = ctx.host_name;
  const createdAt = isoDate(ctx.date);
  return {
    ...(createdAt ? { createdAt } : {}),
    environment,
    missing: [
      ...(createdAt ? [] : ["the date (context.date)"]),
      ...(ctx.num_cpus ? [] : ["the machine (context.num_cpus)"]),
      "the commit",
    ],
  };
}

/** hyperfine's JSON has no date, commit or machine: everything is the importing machine's, now. */
export function hyperfineProvenance(): Provenance {
  return { environment: {}, missing: ["the date", "the commit", "the machine"] };
}
