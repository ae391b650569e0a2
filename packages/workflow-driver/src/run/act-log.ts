import type { Annotation, JobResult, RunEvent, StepResult, StepResultValue } from "./types.ts";
import type { PlannedJob } from "./preflight.ts";

/** One line of `act --json` output, reduced to the fields the driver uses. */
export interface ActLine {
  msg: string;
  time?: string;
  job?: string;
  jobID?: string;
  step?: string;
  stepID?: string;
  stage?: string;
  stepResult?: string;
  jobResult?: string;
  executionTime?: number;
  rawOutput: boolean;
  command?: string;
  name?: string;
  arg?: string;
  content?: string;
  kvPairs?: Record<string, string>;
}

/** Parses one line; returns undefined for anything that is not an act JSON log record. */
export function parseActLine(line: string): ActLine | undefined {
  const t = line.trim();
  if (!t.startsWith("{")) return undefined;
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(t);
  } catch {
    return undefined;
  }
  if (typeof o !== "object" || o === null || typeof o.msg !== "string") return undefined;
  const str = (k: string) => (typeof o[k] === "string" ? (o[k] as string) : undefined);
  // act spells the step id key two ways: stepID for real steps, stepid for set-up/complete.
  const ids = (o.stepID ?? o.stepid) as unknown;
  return {
    msg: o.msg,
    time: str("time"),
    job: str("job"),
    jobID: str("jobID"),
    step: str("step"),
    stepID: Array.isArray(ids) && typeof ids[0] === "string" ? ids[0] : undefined,
    stage: str("stage"),
    stepResult: str("stepResult"),
    jobResult: str("jobResult"),
    executionTime: typeof o.executionTime === "number" ? o.executionTime : undefined,
    rawOutput: o.raw_output === true,
    command: str("command"),
    name: str("name"),
    arg: str("arg"),
    content: str("content"),
    kvPairs: typeof o.kvPairs === "object" && o.kvPairs !== null ? (o.kvPairs as Record<string, string>) : undefined,
  };
}

const PSEUDO_STEP = /^--(setup|complete)-job$/;

interface JobAcc {
  id: string;
  name: string;
  startedAt: number;
  result?: StepResultValue;
  durationMs: number;
  /** `result` stays undefined until act reports the step's Main stage (Pre lines come first). */
  steps: Map<string, Omit<StepResult, "result"> & { result?: StepResultValue }>;
}

/**
 * Folds act's JSON lines into typed job and step results. act reports a step's outputs and
 * summary *after* its stepResult line, so everything is keyed by job and step id, never by
 * "the current step".
 */
export function createResultCollector(opts: { emit?: (e: RunEvent) => void; now?: () => number } = {}) {
  const emit = opts.emit ?? (() => {});
  const now = opts.now ?? Date.now;
  const jobs = new Map<string, JobAcc>();

  function jobFor(l: ActLine): JobAcc | undefined {
    if (!l.jobID) return undefined;
    // act names matrix/reused jobs "Workflow/name"; keep one entry per distinct job line.
    const key = l.job ?? l.jobID;
    let j = jobs.get(key);
    if (!j) {
      const name = (l.job ?? l.jobID).replace(/^[^/]*\//, "").trim();
      j = { id: l.jobID, name, startedAt: now(), durationMs: 0, steps: new Map() };
      jobs.set(key, j);
      emit({ type: "job-start", job: j.id });
    }
    return j;
  }

  function stepFor(j: JobAcc, l: ActLine) {
    const id = l.stepID!;
    let s = j.steps.get(id);
    if (!s) {
      s = emptyStep(id, l.step ?? id);
      j.steps.set(id, s);
      if (!PSEUDO_STEP.test(id)) emit({ type: "step-start", job: j.id, step: s.name });
    }
    return s;
  }

  function add(l: ActLine): void {
    const j = jobFor(l);
    if (!j) return;
    if (l.jobResult) {
      j.result = normalise(l.jobResult);
      j.durationMs = now() - j.startedAt;
      emit({ type: "job-end", job: j.id, result: j.result, durationMs: j.durationMs });
      return;
    }
    if (!l.stepID) return;
    const s = stepFor(j, l);
    if (l.command === "set-output" && l.name !== undefined) {
      s.outputs[l.name] = l.arg ?? "";
    } else if (l.command === "summary") {
      s.summary += l.content ?? "";
    } else if (l.command === "error" || l.command === "warning" || l.command === "notice") {
      const a = toAnnotation(l.command, l.arg ?? "", l.kvPairs ?? {});
      s.annotations.push(a);
      s.log += `::${l.command}::${a.message}\n`;
      emit({ type: "annotation", job: j.id, step: s.name, annotation: a });
    } else if (l.stepResult && (l.stage === "Main" || !l.stage)) {
      // Pre/Post stages of an action report their own stepResult; the step's outcome is Main's.
      const result = normalise(l.stepResult);
      s.result = result;
      s.durationMs = Math.round((l.executionTime ?? 0) / 1e6);
      if (!PSEUDO_STEP.test(s.id))
        emit({ type: "step-end", job: j.id, step: s.name, result, durationMs: s.durationMs });
    } else if (l.rawOutput) {
      s.log += l.msg;
      for (const line of l.msg.split("\n")) if (line) emit({ type: "log", job: j.id, step: s.name, line });
    } else if (l.msg === "Failed but continue next step") {
      s.continueOnError = true;
    }
  }

  /** Results in workflow order; jobs and steps act never started are reported as skipped. */
  function finish(planned: PlannedJob[]): JobResult[] {
    const out: JobResult[] = [];
    const seen = new Set<JobAcc>();
    for (const pj of planned) {
      const runs = [...jobs.values()].filter((j) => j.id === pj.id);
      if (runs.length === 0) {
        out.push({
          id: pj.id,
          name: pj.name,
          result: "skipped",
          durationMs: 0,
          steps: pj.steps.map((ps) => skippedStep(ps.id, ps.name)),
        });
        continue;
      }
      for (const j of runs) {
        seen.add(j);
        // Matrix entries share the job id; act's own names tell them apart.
        out.push({ ...toJobResult(j, pj), ...(runs.length > 1 ? { name: j.name } : {}) });
      }
    }
    for (const j of jobs.values()) if (!seen.has(j)) out.push(toJobResult(j));
    return out;
  }

  return { add, finish, startedJobs: () => jobs.size };
}

function toJobResult(j: JobAcc, planned?: PlannedJob): JobResult {
  const steps: StepResult[] = [];
  // A step act never ran (its `if:` was false, or an earlier step failed) has no Main result.
  const final = (s: Omit<StepResult, "result"> & { result?: StepResultValue }): StepResult => ({
    ...s,
    result: s.result ?? (j.result === undefined ? "cancelled" : "skipped"),
  });
  const setup = j.steps.get("--setup-job");
  // The set-up pseudo step matters only when it failed (e.g. the image is missing).
  if (setup?.result && setup.result !== "success") steps.push(final({ ...setup, name: "Set up job" }));
  if (planned) {
    for (const ps of planned.steps) {
      const s = j.steps.get(ps.id);
      steps.push(s ? final(s) : skippedStep(ps.id, ps.name));
    }
  } else {
    for (const s of j.steps.values()) if (!PSEUDO_STEP.test(s.id)) steps.push(final(s));
  }
  return { id: j.id, name: planned?.name ?? j.name, result: j.result ?? "cancelled", durationMs: j.durationMs, steps };
}

/** A step with nothing recorded yet: no time, outputs, annotations, summary or log. */
function emptyStep(id: string, name: string): Omit<StepResult, "result"> {
  return { name, id, continueOnError: false, durationMs: 0, outputs: {}, annotations: [], summary: "", log: "" };
}

function skippedStep(id: string, name: string): StepResult {
  return { ...emptyStep(id, name), result: "skipped" };
}

function normalise(r: string): StepResultValue {
  return r === "success" || r === "failure" || r === "skipped" || r === "cancelled" ? r : "failure";
}

function toAnnotation(level: "error" | "warning" | "notice", message: string, kv: Record<string, string>): Annotation {
  const a: Annotation = { level, message };
  if (kv.file) a.file = kv.file;
  if (kv.line && Number.isFinite(Number(kv.line))) a.line = Number(kv.line);
  if (kv.title) a.title = kv.title;
  return a;
}
