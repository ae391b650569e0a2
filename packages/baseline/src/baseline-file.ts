import { promises as fs } from "node:fs";
import path from "node:path";
import { BaselineFileError } from "./errors.ts";
import { parseJson } from "./json-text.ts";
import { type BaselineFile, BaselineFileSchema, SCHEMA_ID, SCHEMA_VERSION } from "./schema.ts";
import { describeIssue } from "./zod-message.ts";
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
  return parsed.data;
}

/** Read and validate a baseline (or current-results) file; every failure is a BaselineFileError. */
export async function loadBaseline(file: string, label: string = file): Promise<BaselineFile> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") {
      throw new BaselineFileError(
        "BASELINE_MISSING",
        `baseline file ${label} does not exist`,
        `run \`perfgate establish\` to create it (in CI: download the \`performance-baseline\` artifact from main first, or establish a temporary one)`,
      );
    }
    if (code === "EISDIR")
      throw new BaselineFileError(
        "BASELINE_IS_DIRECTORY",
        `baseline path ${label} is a directory, not a file`,
        "pass the JSON file inside it with --baseline",
      );
    throw new BaselineFileError(
      "BASELINE_UNREADABLE",
      `baseline file ${label} cannot be read (${code ?? String(error)})`,
      "check the path and its permissions",
      { cause: error },
    );
  }
  if (bytes.length === 0 || bytes.toString("utf8").trim() === "") {
    throw new BaselineFileError(
      "BASELINE_EMPTY",
      `baseline file ${label} is empty (${bytes.length} bytes)`,
      `delete it and ${REESTABLISH}; an empty file usually means an interrupted write or a failed artifact download`,
    );
  }
  const parsed = parseJson(bytes.toString("utf8"));
  if (!parsed.ok) {
    throw new BaselineFileError(
      parsed.problem.truncated ? "BASELINE_TRUNCATED" : "BASELINE_NOT_JSON",
      `baseline file ${label} ${parsed.problem.message}`,
      `restore it or ${REESTABLISH}`,
    );
  }
  return validateBaseline(parsed.value, label);
}

/** Write a baseline atomically (temp file + rename) so a crash never leaves a half-written file. */
export async function writeBaseline(file: string, baseline: BaselineFile): Promise<void> {
  const checked = validateBaseline(baseline, file);
  await fs.mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(tmp, `${JSON.stringify(checked, null, 2)}\n`);
  await fs.rename(tmp, file);
}
