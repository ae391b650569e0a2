import {
  CorruptStateError,
  createMockClient,
  type MockClient,
  MockControlError,
  type MockState,
  type RegisterRunInput,
  StateDirInUseError,
  startMockServer,
} from "@perfgate/mock-github";
import { z } from "zod";
import { SimulatorError } from "./errors.ts";
import { resetStore, type StateLayout } from "./state-dir.ts";

/** The mock's documented state (GET /_mock/state). */
export type StoreSnapshot = MockState;

/**
 * The mock GitHub of one simulator invocation: started in this process on 127.0.0.1, persisted
 * to the state dir, driven through its documented control API (the same one tests and other
 * tools use), not by reaching into the store.
 */
export interface MockSession {
  readonly url: string;
  registerRun(input: RegisterRunInput): Promise<{
    id: number;
    runtimeToken: string;
  }>;
  completeRun(id: number, conclusion: "success" | "failure" | "cancelled"): Promise<void>;
  /** The repository's workflow files, so one that never ran lists 0 runs (200), as on GitHub. */
  registerWorkflows(repo: string, files: string[]): Promise<void>;
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
  let control = createMockClient(server.url);
  const call = async <T>(request: (client: MockClient) => Promise<T>): Promise<T> => {
    try {
      return await request(control);
    } catch (err) {
      if (!(err instanceof MockControlError)) throw err;
      throw new SimulatorError(
        "MOCK_REQUEST_FAILED",
        err.message,
        err.status === undefined
          ? "Run the command again; if it repeats, run `pnpm simulate reset`."
          : "This is a bug in the simulator or the mock; the message above says which request was refused.",
      );
    }
  };
  return {
    get url() {
      return server.url;
    },
    async registerRun(input) {
      return registered.parse(await call((c) => c.registerRun(input)));
    },
    async completeRun(id, conclusion) {
      await call((c) => c.completeRun(id, conclusion));
    },
    async registerWorkflows(repo, files) {
      if (files.length > 0) await call((c) => c.registerWorkflows(repo, files));
    },
    async expireArtifact(id) {
      await call((c) => c.expireArtifact(id));
    },
    async setClock(now) {
      await call((c) => c.setClock(now));
    },
    async state() {
      return call((c) => c.state());
    },
    async restartEmpty() {
      await server.close();
      await resetStore(layout);
      server = await start(layout);
      control = createMockClient(server.url);
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
