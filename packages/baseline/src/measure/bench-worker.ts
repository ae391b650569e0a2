import type { ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { MeasureError } from "../errors.ts";
import type { ModuleBenchmark } from "../schema.ts";
import { outputTail } from "./output-tail.ts";
import { killGroup, spawnGroup } from "./process-group.ts";
import { type LoadedSpec, WORKER_ENV, WORKER_ROLE, type WorkerReply, type WorkerRequest } from "./worker-protocol.ts";

declare const __PERFGATE_BUNDLE__: boolean | undefined;

/** How to start a worker: the bundle starts itself; from source, worker-main.ts under tsx. */
function workerCommand(): string[] {
  if (typeof __PERFGATE_BUNDLE__ !== "undefined" && __PERFGATE_BUNDLE__) return [__filename];
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
  return ["--import", tsx, fileURLToPath(new URL("./worker-main.ts", import.meta.url))];
}

export interface BenchWorker {
  /** Import a tree's modules in the worker (`root`, default the worker's); one result per spec, in order. */
  load(specs: ModuleBenchmark[], timeoutMs: number, root?: string): Promise<LoadedSpec[]>;
  /** One tinybench run of a loaded function of the tree `root` (default the worker's), cut into `samples` batch medians. */
  measure(
    name: string,
    options: { timeMs: number; samples: number; timeoutMs: number },
    root?: string,
  ): Promise<number[]>;
  close(): void;
}

/**
 * A child process that measures module benchmarks: those of `root`, and of any other tree loaded
 * into it (a paired check measures base and head in one process, so whatever the scheduler or the
 * process's own state does to one side it does to the other). Each request has a timeout; when
 * the child exits, hangs or is killed, the request fails naming the benchmark, and the next
 * request starts a fresh child (re-loading the modules), so one bad benchmark cannot take the
 * others, or the gate's verdict, with it.
 */
export function startBenchWorker(root: string): BenchWorker {
  let child: ChildProcess | undefined;
  let output = outputTail();
  // Specs that loaded, with their tree: a fresh child loads them again.
  const loaded: { root: string; spec: ModuleBenchmark }[] = [];

  const spawnChild = (): ChildProcess => {
    output = outputTail();
    const c = spawnGroup(process.execPath, workerCommand(), {
      cwd: root,
      env: { ...process.env, [WORKER_ENV]: WORKER_ROLE },
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
    // A benchmark's own output goes here, never to perfgate's stdout (it would break --json).
    c.stdout?.on("data", (chunk: Buffer) => output.push(chunk));
    c.stderr?.on("data", (chunk: Buffer) => output.push(chunk));
    c.once("exit", () => {
      if (child === c) child = undefined;
    });
    return c;
  };

  const request = (message: WorkerRequest, benchmark: string, timeoutMs: number): Promise<WorkerReply> => {
    const c = child ?? spawnChild();
    child = c;
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        c.off("message", onMessage);
        c.off("exit", onExit);
      };
      const stop = (error: MeasureError) => {
        done();
        killGroup(c);
        if (child === c) child = undefined;
        reject(error);
      };
      const onMessage = (reply: WorkerReply) => {
        done();
        resolve(reply);
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
        const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
        const said = output.describe();
        stop(
          new MeasureError(
            benchmark,
            `benchmark ${benchmark}: the process measuring it ${how} before reporting a result${said ? `\n  output: ${said.replace(/\n/g, "\n          ")}` : ""}`,
            "a benchmark must return (or resolve) normally: remove process.exit()/process.kill() calls and uncaught errors from it",
          ),
        );
      };
      const timer = setTimeout(() => {
        stop(
          new MeasureError(
            benchmark,
            `benchmark ${benchmark} did not finish within ${timeoutMs} ms and was stopped (an endless loop, or a promise that never settles?)`,
            `make it return; if it is just slow, raise "timeoutMs" for it in perfgate.config.json`,
          ),
        );
      }, timeoutMs);
      c.on("message", onMessage);
      c.once("exit", onExit);
      c.send(message, (error) => {
        if (error) onExit(null, null);
      });
    });
  };

  const ensureLoaded = async (benchmark: string, timeoutMs: number) => {
    if (child || loaded.length === 0) return;
    // A fresh child (the last one died): load the same modules again before measuring.
    for (const tree of new Set(loaded.map((l) => l.root))) {
      const specs = loaded.filter((l) => l.root === tree).map((l) => l.spec);
      const reply = await request({ type: "load", root: tree, specs }, benchmark, timeoutMs);
      if (reply.type === "error") throw new MeasureError(benchmark, reply.message, reply.remedy);
    }
  };

  return {
    async load(specs, timeoutMs, tree = root) {
      // One spec at a time: a module whose top level exits or hangs takes only itself down.
      const results: LoadedSpec[] = [];
      for (const spec of specs) {
        const label = spec.name ?? spec.module;
        try {
          if (!child && loaded.length > 0) await ensureLoaded(label, timeoutMs);
          const reply = await request({ type: "load", root: tree, specs: [spec] }, label, timeoutMs);
          if (reply.type === "error") throw new MeasureError(label, reply.message, reply.remedy);
          if (reply.type !== "loaded")
            throw new MeasureError(label, `benchmark ${label}: unexpected reply`, "report this");
          const result = reply.specs[0]!;
          if (result.ok) loaded.push({ root: tree, spec });
          results.push(result);
        } catch (error) {
          const e = error as MeasureError;
          results.push({ ok: false, benchmark: label, message: e.message, remedy: e.remedy });
        }
      }
      return results;
    },
    async measure(name, options, tree = root) {
      await ensureLoaded(name, options.timeoutMs);
      const reply = await request(
        { type: "measure", root: tree, name, timeMs: options.timeMs, samples: options.samples },
        name,
        options.timeoutMs,
      );
      if (reply.type === "error") throw new MeasureError(name, reply.message, reply.remedy);
      if (reply.type !== "samples") throw new MeasureError(name, `benchmark ${name}: unexpected reply`, "report this");
      return reply.samples;
    },
    close() {
      if (child) {
        child.disconnect?.();
        killGroup(child);
        child = undefined;
      }
    },
  };
}
