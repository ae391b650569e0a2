import type { ModuleBenchmark } from "../schema.ts";

/** Environment variable that turns a perfgate process into a module-benchmark worker. */
export const WORKER_ENV = "PERFGATE_WORKER";
export const WORKER_ROLE = "bench";

export type WorkerRequest =
  | { type: "load"; root: string; specs: ModuleBenchmark[] }
  | { type: "measure"; root: string; name: string; timeMs: number; samples: number };

export type LoadedSpec =
  | { ok: true; functions: { name: string; source: string }[] }
  | { ok: false; benchmark: string; message: string; remedy: string };

export type WorkerReply =
  | { type: "loaded"; specs: LoadedSpec[] }
  | { type: "samples"; samples: number[]; iterations: number }
  | { type: "error"; benchmark: string; message: string; remedy: string };
