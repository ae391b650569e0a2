import { MeasureError } from "../errors.ts";
import { type BenchFn, measureFunctionRun, resolveModuleFunctions } from "./module.ts";
import { type LoadedSpec, WORKER_ENV, type WorkerReply, type WorkerRequest } from "./worker-protocol.ts";

/**
 * The child side of a module-benchmark measurement: loads benchmark modules of one or more trees
 * (a paired check loads the base's and the head's) and measures their functions on request,
 * answering over the IPC channel only. Whatever a benchmark does (print, call process.exit, never
 * settle, loop forever) stays in this process, which the parent watches with a timeout.
 */
export function runBenchWorker(): void {
  delete process.env[WORKER_ENV]; // a benchmark that starts perfgate itself gets the CLI, not a worker
  // Keyed by tree and name: the base's and the head's `fib` are separate module instances.
  const key = (root: string, name: string) => `${root}\0${name}`;
  const functions = new Map<string, BenchFn>();
  const warmed = new Set<string>();
  // A benchmark that reads files relative to the working directory finds its own tree's.
  const enter = (root: string) => {
    if (process.cwd() !== root) process.chdir(root);
  };
  const reply = (message: WorkerReply) => process.send?.(message);
  const failure = (benchmark: string, error: unknown): WorkerReply => ({
    type: "error",
    benchmark: error instanceof MeasureError ? error.benchmark : benchmark,
    message: error instanceof Error ? error.message : String(error),
    remedy: error instanceof MeasureError ? error.remedy : "fix the benchmark function; it must run without throwing",
  });
  process.on("message", async (request: WorkerRequest) => {
    if (request.type === "load") {
      enter(request.root);
      const specs: LoadedSpec[] = [];
      for (const spec of request.specs) {
        try {
          const resolved = await resolveModuleFunctions(spec, request.root);
          for (const f of resolved) functions.set(key(request.root, f.name), f.fn);
          specs.push({ ok: true, functions: resolved.map((f) => ({ name: f.name, source: f.source })) });
        } catch (error) {
          const e = failure(spec.name ?? spec.module, error) as Extract<WorkerReply, { type: "error" }>;
          specs.push({ ok: false, benchmark: e.benchmark, message: e.message, remedy: e.remedy });
        }
      }
      reply({ type: "loaded", specs });
      return;
    }
    const id = key(request.root, request.name);
    const fn = functions.get(id);
    if (!fn) {
      reply(failure(request.name, new Error(`benchmark ${request.name} was not loaded`)));
      return;
    }
    try {
      enter(request.root);
      // JIT compilation happens once per process: only the first measurement warms up.
      const r = await measureFunctionRun(request.name, fn, {
        timeMs: request.timeMs,
        samples: request.samples,
        warmup: !warmed.has(id),
      });
      warmed.add(id);
      reply({ type: "samples", samples: r.samples, iterations: r.iterations });
    } catch (error) {
      reply(failure(request.name, error));
    }
  });
  // The parent closed the channel (close()). Not what ends a worker whose parent stops: a busy
  // loop never handles this event; the parent SIGKILLs this process's group instead (process-group.ts).
  process.on("disconnect", () => process.exit(0));
}
