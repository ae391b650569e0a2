import { BaselineFileError } from "./errors.ts";
import { parseJson } from "./json-text.ts";
import { describeProblem, type InputProblem, MAX_INPUT_ENV, readInputText } from "./read-input.ts";
import { type Summary, summarize } from "./stats/summary.ts";
import { type BaselineFile, BaselineFileSchema, SCHEMA_ID, SCHEMA_VERSION } from "./schema.ts";
import { writeFileAtomic } from "./write-file.ts";
import { describeIssue, formatPath } from "./zod-message.ts";
import { CONTROL_CHARACTER_REASON, findControlCharacter, MAX_NAME_LENGTH } from "./names.ts";
import { DEFAULT_BASELINE_PATH } from "./defaults.ts";

export { DEFAULT_BASELINE_PATH };

const REESTABLISH =
  "re-create it with `perfgate establish` (on main: let the next push re-upload the `performance-baseline` artifact)";

/**
 * Check parsed JSON against the baseline schema. Throws BaselineFileError
 * with one specific message; `label` names the file in that message.
 */
export function validateBaseline(data: unknown, label = "baseline"): BaselineFile {
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    const shape = data === null ? "null" : Array.isArray(data) ? "an array" : typeof data;
    throw new BaselineFileError(
      "BASELINE_NOT_PERFGATE",
      `baseline file ${label} holds ${shape}, not a perfgate baseline object`,
      REESTABLISH,
    );
  }
  const record = data as Record<string, unknown>;
  if (record["schema"] !== SCHEMA_ID) {
    const keys = Object.keys(record).slice(0, 6).join(", ");
    throw new BaselineFileError(
      "BASELINE_NOT_PERFGATE",
      `baseline file ${label} is JSON but not a perfgate baseline (no "schema": "${SCHEMA_ID}"; top-level keys: ${keys || "none"})`,
      `if it comes from another tool, convert it with \`perfgate import --format pytest-benchmark|google-benchmark|hyperfine <file>\`; otherwise ${REESTABLISH}`,
    );
  }
  const version = record["version"];
  if (typeof version !== "number" || !Number.isInteger(version)) {
    throw new BaselineFileError(
      "BASELINE_SCHEMA_VERSION",
      `baseline file ${label} has no integer schema "version" (found ${JSON.stringify(version)})`,
      REESTABLISH,
    );
  }
  if (version > SCHEMA_VERSION) {
    throw new BaselineFileError(
      "BASELINE_SCHEMA_NEWER",
      `baseline file ${label} uses schema version ${version}, newer than this perfgate understands (version ${SCHEMA_VERSION})`,
      `update perfgate (tools/perfgate.cjs) to the release that wrote it, or ${REESTABLISH} with this version`,
    );
  }
  if (version < SCHEMA_VERSION) {
    throw new BaselineFileError(
      "BASELINE_SCHEMA_OLDER",
      `baseline file ${label} uses schema version ${version}, older than this perfgate reads (version ${SCHEMA_VERSION})`,
      REESTABLISH,
    );
  }
  const unsafe = findControlCharacter(data);
  if (unsafe)
    throw new BaselineFileError(
      "BASELINE_INVALID",
      `baseline file ${label} is invalid: ${formatPath(unsafe.path)} ${unsafe.problem}; ${CONTROL_CHARACTER_REASON}`,
      REESTABLISH,
    );
  const long = Array.isArray(record["benchmarks"])
    ? (record["benchmarks"] as unknown[]).findIndex(
        (b) =>
          typeof (b as { name?: unknown })?.name === "string" && (b as { name: string }).name.length > MAX_NAME_LENGTH,
      )
    : -1;
  if (long >= 0)
    throw new BaselineFileError(
      "BASELINE_INVALID",
      `baseline file ${label} is invalid: benchmarks[${long}].name is longer than ${MAX_NAME_LENGTH} characters`,
      REESTABLISH,
    );
  const parsed = BaselineFileSchema.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues;
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? "s" : ""})` : "";
    throw new BaselineFileError(
      "BASELINE_INVALID",
      `baseline file ${label} is invalid: ${describeIssue(issues[0]!, data)}${more}`,
      REESTABLISH,
    );
  }
  return withCheckedSummaries(parsed.data);
}

const warningsOf = new WeakMap<BaselineFile, string[]>();

/** A clock skew this large between two machines is not worth a warning. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

/**
 * What is suspicious about a valid file: a `createdAt` in the future (clock skew or an edit; the
 * age check cannot work), and what validateBaseline corrected (summaries recomputed from samples).
 */
export function baselineWarnings(file: BaselineFile, now: Date = new Date()): string[] {
  const warnings: string[] = [];
  const ahead = Date.parse(file.createdAt) - now.getTime();
  if (ahead > FUTURE_TOLERANCE_MS) {
    const hours = ahead / 3_600_000;
    const when =
      hours >= 48
        ? `${Math.floor(hours / 24)} days`
        : hours >= 1
          ? `${hours.toFixed(1)} hours`
          : `${Math.round(ahead / 60_000)} minutes`;
    warnings.push(
      `createdAt ${file.createdAt} is ${when} in the future: the clock of the machine that wrote it (or of this one) is wrong, or the file was edited; its age cannot be judged (--max-age): set the clock right and write the baseline again (perfgate establish)`,
    );
  }
  return [...warnings, ...(warningsOf.get(file) ?? [])];
}

function close(a: number, b: number): boolean {
  return a === b || Math.abs(a - b) <= 1e-6 * Math.max(Math.abs(a), Math.abs(b));
}

/**
 * The decision only ever uses the raw samples; `summary` is derived from them for people. A summary
 * that disagrees (hand-edited, or written by a buggy tool) is recomputed, with a warning, so every
 * number perfgate prints comes from the same samples the verdict used.
 */
function withCheckedSummaries(file: BaselineFile): BaselineFile {
  const warnings: string[] = [];
  const benchmarks = file.benchmarks.map((b) => {
    const actual = summarize(b.samples);
    const stored = b.summary;
    const wrong = (Object.keys(actual) as (keyof Summary)[]).filter((k) => !close(stored[k], actual[k]));
    if (wrong.length === 0) return b;
    const shown = wrong
      .slice(0, 3)
      .map((k) => `${k} ${stored[k]} (samples give ${Number(actual[k].toPrecision(6))})`)
      .join(", ");
    warnings.push(
      `benchmark ${b.name}: its summary does not match its ${b.samples.length} samples (${shown}${wrong.length > 3 ? ", ..." : ""}); recomputed from the samples, which the decision uses; let perfgate write the file (establish or import) instead of editing it`,
    );
    return { ...b, summary: actual };
  });
  if (warnings.length === 0) return file;
  const fixed = { ...file, benchmarks };
  warningsOf.set(fixed, warnings);
  return fixed;
}

/** What to say when the file itself (not its content) is unusable. */
function unreadable(label: string, problem: InputProblem): BaselineFileError {
  const what = `baseline file ${label} ${describeProblem(problem)}`;
  switch (problem.kind) {
    case "missing":
      return new BaselineFileError(
        "BASELINE_MISSING",
        what,
        `run \`perfgate establish\` to create it (in CI: download the \`performance-baseline\` artifact from main first, or establish a temporary one)`,
      );
    case "directory":
      return new BaselineFileError(
        "BASELINE_IS_DIRECTORY",
        `baseline path ${label} is a directory, not a file`,
        "pass the JSON file inside it with --baseline",
      );
    case "not-regular":
      return new BaselineFileError(
        "BASELINE_NOT_A_FILE",
        what,
        "pass the path of a baseline JSON file; perfgate does not read pipes or devices (they can block or never end)",
      );
    case "too-large":
      return new BaselineFileError(
        "BASELINE_TOO_LARGE",
        what,
        `check it is the right file (4 benchmarks x 100k samples a side is about 10 MiB); to read a larger one set ${MAX_INPUT_ENV}=<bytes>`,
      );
    default:
      return new BaselineFileError("BASELINE_UNREADABLE", what, "check the path and its permissions");
  }
}

/** Read and validate a baseline (or current-results) file; every failure is a BaselineFileError. */
export async function loadBaseline(file: string, label: string = file): Promise<BaselineFile> {
  const read = await readInputText(file);
  if (!read.ok) throw unreadable(label, read.problem);
  const text = read.text;
  if (text.trim() === "") {
    throw new BaselineFileError(
      "BASELINE_EMPTY",
      `baseline file ${label} is empty (${Buffer.byteLength(text)} bytes)`,
      `delete it and ${REESTABLISH}; an empty file usually means an interrupted write or a failed artifact download`,
    );
  }
  const parsed = parseJson(text);
  if (!parsed.ok) {
    throw new BaselineFileError(
      parsed.problem.truncated ? "BASELINE_TRUNCATED" : "BASELINE_NOT_JSON",
      `baseline file ${label} ${parsed.problem.message}`,
      `restore it or ${REESTABLISH}`,
    );
  }
  return validateBaseline(parsed.value, label);
}

/**
 * Write a baseline atomically (temp file + rename) so a crash never leaves a half-written file;
 * a failure is an OutputError naming `label` (as the user wrote it) and leaves the old file intact.
 */
export async function writeBaseline(
  file: string,
  baseline: BaselineFile,
  label: string = file,
  flag?: string,
): Promise<void> {
  const checked = validateBaseline(baseline, label);
  await writeFileAtomic(file, `${JSON.stringify(checked, null, 2)}\n`, "baseline file", label, flag);
}
