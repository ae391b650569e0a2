import { randomBytes } from "node:crypto";
import { chmodSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { CorruptStateError } from "../errors.ts";
import { type PersistedState, persistedStateSchema } from "../state.ts";
import { issuesText } from "../zod-issues.ts";

/** The store's one mutable state, and how it reaches disk: `save()` after every change. */
export type StateContext = { state: PersistedState; save(): void };

export function freshState(): PersistedState {
  return {
    version: 1,
    secret: randomBytes(32).toString("hex"),
    nextRunId: 100000001,
    nextArtifactId: 200000001,
    nextWorkflowId: 300000001,
    fixedNow: null,
    runs: [],
    artifacts: [],
    workflows: [],
  };
}

/** Reads `state.json`; a missing file is a fresh state, an unreadable one a CorruptStateError. */
export function loadState(file: string): PersistedState {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return freshState();
    throw error;
  }
  chmodSync(file, 0o600); // written 644 by older versions
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CorruptStateError(file, `not JSON (${(error as Error).message})`);
  }
  const parsed = persistedStateSchema.safeParse(json);
  if (!parsed.success) throw new CorruptStateError(file, issuesText(parsed.error, "state"));
  return parsed.data;
}

/** Rewrites `file` atomically (readers never see half a file), mode 600: it holds the signing secret. */
export function saveState(file: string, state: PersistedState): void {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, JSON.stringify(state, null, 1), { mode: 0o600 });
  chmodSync(tmp, 0o600); // a leftover tmp from a crash keeps its old mode through writeFileSync
  renameSync(tmp, file);
}
