import type { ArtifactDto, MockState, RunDto, WorkflowDto } from "./dto.ts";
import { MockGithubError } from "./errors.ts";
import type { Conclusion } from "./state.ts";
import type { ArtifactUploadView, FaultKind, RegisterRunInput } from "./store.ts";

/** A control request the mock refused, or a mock that did not answer. */
export class MockControlError extends MockGithubError {
  /** The HTTP status, or undefined when there was no answer. */
  readonly status: number | undefined;
  constructor(message: string, remedy: string, status?: number) {
    super(status === undefined ? "MOCK_UNREACHABLE" : "MOCK_REFUSED", message, remedy);
    this.name = "MockControlError";
    this.status = status;
  }
}

// The control API's body for POST /_mock/runs is the store's own input type: one definition.
export type { RegisterRunInput };

export type MockClient = {
  readonly url: string;
  registerRun(input: RegisterRunInput): Promise<{ id: number; runtimeToken: string }>;
  completeRun(id: number, conclusion: Conclusion): Promise<{ id: number; status: "completed"; conclusion: Conclusion }>;
  expireArtifact(id: number): Promise<{ id: number; expired: true; expires_at: string }>;
  /** How a finalized artifact's upload came in: CreateArtifact's version and mime_type, the committed blocks. */
  artifactUpload(id: number): Promise<ArtifactUploadView>;
  /** The repository's workflow files (`ci.yml` or `.github/workflows/ci.yml`, or `{ file, name }`). */
  registerWorkflows(
    repo: string,
    workflows: (string | { file: string; name?: string })[],
  ): Promise<{ workflows: { id: number; file: string; path: string }[] }>;
  faults: {
    list(): Promise<{ kind: FaultKind; remaining: number }[]>;
    add(count: number, kind: FaultKind): Promise<void>;
    /** Returns how many queued faults were dropped. */
    clear(): Promise<number>;
  };
  /** Freezes the mock's clock at `now`, or releases it with null. */
  setClock(now: Date | string | null): Promise<{ now: string; fixed: boolean }>;
  state(): Promise<MockState>;
};

export type { ArtifactDto, ArtifactUploadView, MockState, RunDto, WorkflowDto };

/**
 * The typed control API of a mock served at `url` (`startMockServer().url`, or the URL that
 * `pnpm mock-github url --state DIR` prints). Every call throws MockControlError with the
 * mock's own message and remedy when it is refused.
 */
export function createMockClient(url: string): MockClient {
  const base = url.replace(/\/+$/, "");
  async function call<T>(method: "GET" | "POST" | "DELETE", path: string, body?: unknown): Promise<T> {
    const where = `${method} ${base}/_mock/${path}`;
    let res: Response;
    try {
      res = await fetch(`${base}/_mock/${path}`, {
        method,
        headers: method === "POST" ? { "content-type": "application/json" } : {},
        body: method === "POST" ? JSON.stringify(body ?? {}) : undefined,
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      const what =
        cause === "ECONNREFUSED"
          ? "the connection was refused (nothing listens there)"
          : cause === "ECONNRESET"
            ? "the connection was reset"
            : `${(error as Error).message}${cause ? ` (${cause})` : ""}`;
      throw new MockControlError(
        `mock GitHub did not answer ${where}: ${what}.`,
        "Start it (`pnpm mock-github serve`), or check the URL (`pnpm mock-github url --state DIR`).",
      );
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (!res.ok) {
      const refusal = json as { error?: string; remedy?: string; message?: string } | undefined;
      throw new MockControlError(
        `mock GitHub answered ${res.status} to ${where}: ${refusal?.error ?? refusal?.message ?? text.slice(0, 300)}`,
        refusal?.remedy ?? "See the control API in packages/mock-github/README.md.",
        res.status,
      );
    }
    return json as T;
  }
  return {
    url: base,
    registerRun: (input) => call("POST", "runs", input),
    completeRun: (id, conclusion) => call("POST", `runs/${id}/complete`, { conclusion }),
    expireArtifact: (id) => call("POST", `artifacts/${id}/expire`),
    artifactUpload: (id) => call("GET", `artifacts/${id}/upload`),
    registerWorkflows: (repo, workflows) => call("POST", "workflows", { repo, workflows }),
    faults: {
      list: async () => (await call<{ faults: { kind: FaultKind; remaining: number }[] }>("GET", "faults")).faults,
      add: async (count, kind) => {
        await call("POST", "faults", { count, kind });
      },
      clear: async () => (await call<{ cleared: number }>("DELETE", "faults")).cleared,
    },
    setClock: (now) => call("POST", "clock", { now: now === null ? null : new Date(now).toISOString() }),
    state: () => call("GET", "state"),
  };
}
