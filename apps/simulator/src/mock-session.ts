import {
  type ArtifactView,
  CorruptStateError,
  type RunRecord,
  StateDirInUseError,
  startMockServer,
} from "@perfgate/mock-github";
import { z } from "zod";
import { SimulatorError } from "./errors.ts";
import { resetStore, type StateLayout } from "./state-dir.ts";

export interface StoreSnapshot {
  runs: RunRecord[];
  artifacts: ArtifactView[];
}

/**
 * The mock GitHub of one simulator invocation: started in this process on 127.0.0.1, persisted
 * to the state dir, driven through its documented control API (the same one tests and other
 * tools use), not by reaching into the store.
 */
export interface MockSession {
  readonly url: string;
  registerRun(input: {
    repo: string;
    workflow: string;
    branch: string;
    event: string;
    sha: string;
    pullNumber?: number;
  }): Promise<{
    id: number;
    runtimeToken: string;
  }>;
  completeRun(id: number, conclusion: "success" | "failure" | "cancelled"): Promise<void>;
  expireArtifact(id: number): Promise<void>;
  setClock(now: Date | null): Promise<void>;
  state(): Promise<StoreSnapshot>;
  /** Closes the server, wipes the store and starts again on a new port: an empty GitHub. */
  restartEmpty(): Promise<void>;
  close(): Promise<void>;
}

const registered = z.object({ id: z.number().int(), runtimeToken: z.string().min(1) });

export async function openMockSession(layout: StateLayout): Promise<MockSession> {
  let server = await start(layout);
  const call = async (method: "GET" | "POST", path: string, body?: unknown): Promise<unknown> => {
    let res: Response;
    try {
      res = await fetch(`${server.url}/_mock/${path}`, {
        method,
        // The control API takes JSON only (even an empty body), so every POST says so.
        headers: method === "POST" ? { "content-type": "application/json" } : {},
        body: method === "POST" ? JSON.stringify(body ?? {}) : undefined,
      });
    } catch (err) {
      throw new SimulatorError(
        "MOCK_REQUEST_FAILED",
        `mock GitHub at ${server.url} did not answer ${method} /_mock/${path}: ${(err as Error).message}`,
        "Run the command again; if it repeats, run `pnpm simulate reset`.",
      );
    }
    const text = await res.text();
    if (!res.ok) {
      throw new SimulatorError(
        "MOCK_REQUEST_FAILED",
        `mock GitHub answered ${res.status} to ${method} /_mock/${path}: ${text.slice(0, 300)}`,
        "This is a bug in the simulator or the mock; the message above says which request was refused.",
      );
    }
    return text ? JSON.parse(text) : undefined;
  };
  return {
    get url() {
      return server.url;
    },
    async registerRun(input) {
      return registered.parse(await call("POST", "runs", input));
    },
    async completeRun(id, conclusion) {
      await call("POST", `runs/${id}/complete`, { conclusion });
    },
    async expireArtifact(id) {
      await call("POST", `artifacts/${id}/expire`);
    },
    async setClock(now) {
      await call("POST", "clock", { now: now ? now.toISOString() : null });
    },
    async state() {
      return (await call("GET", "state")) as StoreSnapshot;
    },
    async restartEmpty() {
      await server.close();
      await resetStore(layout);
      server = await start(layout);
    },
    async close() {
      await server.close();
    },
  };
}

async function start(layout: StateLayout) {
  try {
    return await startMockServer({ stateDir: layout.mockDir });
  } catch (err) {
    if (err instanceof StateDirInUseError) {
      throw new SimulatorError(
        "STATE_IN_USE",
        err.message,
        "Wait for the other simulator to finish, or pass --state DIR.",
      );
    }
    if (err instanceof CorruptStateError) {
      throw new SimulatorError(
        "STATE_CORRUPT",
        err.message,
        "Run `pnpm simulate reset` (or pass --reset) to start from an empty store.",
      );
    }
    throw err;
  }
}
