import { HttpResponse, http, type RequestHandler } from "msw";
import { z } from "zod";
import { bodyText } from "../body.ts";
import { StoreRequestError } from "../errors.ts";
import type { RunRecord } from "../state.ts";
import type { ArtifactView, MockStore } from "../store.ts";
import { blobOrigin, type MockOrigins } from "./origins.ts";
import { issuesText } from "../zod-issues.ts";

/**
 * GitHub's artifact service (github.actions.results.api.v1.ArtifactService) over twirp JSON:
 * proto field names, int64 as strings, wrappers as bare values, timestamps as RFC 3339.
 */
const SERVICE = "github.actions.results.api.v1.ArtifactService";

const ids = { workflow_run_backend_id: z.string(), workflow_job_run_backend_id: z.string() };
const int64 = z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform(Number);
/** The artifact versions the service accepts: 4 (@actions/artifact 2.x) through 7 (6.x). */
export const ARTIFACT_VERSIONS = { min: 4, max: 7 } as const;
// Unknown fields are dropped (zod's default for z.object), as proto3 JSON parsers ignore them.
const requests = {
  CreateArtifact: z.object({
    ...ids,
    name: z.string(),
    expires_at: z.string().optional(),
    version: int64.optional(), // proto3 JSON leaves out the default 0
    mime_type: z.string().nullable().optional(), // a google.protobuf.StringValue: a bare string
  }),
  FinalizeArtifact: z.object({ ...ids, name: z.string(), size: int64, hash: z.string().optional() }),
  ListArtifacts: z.object({ ...ids, name_filter: z.string().optional(), id_filter: int64.optional() }),
  GetSignedArtifactURL: z.object({ ...ids, name: z.string() }),
  DeleteArtifact: z.object({ ...ids, name: z.string() }),
};
type Method = keyof typeof requests;

/**
 * A twirp error: `code` and `msg` as GitHub's service sends them, and what to do about it in
 * `meta.remedy` (twirp's `meta` is a map of strings that clients may read or ignore).
 */
function twirpError(status: number, code: string, msg: string, remedy: string) {
  return HttpResponse.json({ code, msg, meta: { remedy } }, { status });
}

const fromStore = (error: StoreRequestError) => twirpError(error.status, error.twirpCode, error.message, error.remedy);

const notInRun = (name: string) =>
  twirpError(
    404,
    "not_found",
    `artifact '${name}' not found in this workflow run`,
    "List the run's artifacts (ListArtifacts) for the names it has; an artifact of another run needs that run's token.",
  );

function monolith(a: ArtifactView, run: RunRecord) {
  return {
    workflow_run_backend_id: run.backendId,
    workflow_job_run_backend_id: run.jobBackendId,
    database_id: String(a.id),
    name: a.name,
    size: String(a.sizeInBytes),
    created_at: a.createdAt,
    ...(a.digest ? { digest: a.digest } : {}),
  };
}

/** proto3 JSON parsers accept the lowerCamelCase names as well as the proto field names. */
function protoFieldNames(body: unknown): unknown {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return body;
  return Object.fromEntries(
    Object.entries(body).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), v]),
  );
}

export function twirpHandlers(store: MockStore, origins: MockOrigins = {}): RequestHandler[] {
  type Impl = {
    [K in Method]: (body: z.infer<(typeof requests)[K]>, run: RunRecord, origin: string) => Promise<Response>;
  };
  const impl: Impl = {
    async CreateArtifact(body, run, origin) {
      const { min, max } = ARTIFACT_VERSIONS;
      if (body.version !== undefined && body.version !== 0 && (body.version < min || body.version > max)) {
        return twirpError(
          400,
          "invalid_argument",
          `artifact version ${body.version} is not supported; versions ${min} to ${max} are`,
          `Use @actions/artifact 2.x (version ${min}) to 6.x (version ${max}), or leave version out.`,
        );
      }
      const artifact = await store.createArtifact(run, body.name, body.expires_at, body.mime_type, body.version);
      return HttpResponse.json({
        ok: true,
        signed_upload_url: store.signedBlobUrl(origin, artifact, "cw", 6 * 3600_000),
      });
    },
    async FinalizeArtifact(body, run) {
      const artifact = store.finalizeArtifact(run, body.name, body.size, body.hash);
      return HttpResponse.json({ ok: true, artifact_id: String(artifact.id) });
    },
    async ListArtifacts(body, run) {
      const artifacts = store.listArtifacts({
        runId: run.id,
        name: body.name_filter,
        id: body.id_filter,
        includeExpired: false,
      });
      return HttpResponse.json({ artifacts: artifacts.map((a) => monolith(a, run)) });
    },
    async GetSignedArtifactURL(body, run, origin) {
      const artifact = store.listArtifacts({ runId: run.id, name: body.name, includeExpired: false })[0];
      if (!artifact) return notInRun(body.name);
      return HttpResponse.json({ signed_url: store.signedBlobUrl(origin, artifact, "r") });
    },
    async DeleteArtifact(body, run) {
      const artifact = store.listArtifacts({ runId: run.id, name: body.name })[0];
      if (!artifact) return notInRun(body.name);
      await store.deleteArtifact(artifact.id);
      return HttpResponse.json({ ok: true, artifact_id: String(artifact.id) });
    },
  };

  return [
    http.post(`*/twirp/${SERVICE}/:method`, async ({ request, params }) => {
      const method = params.method as string;
      if (!(method in requests))
        return twirpError(
          404,
          "bad_route",
          `no handler for path /twirp/${SERVICE}/${method}`,
          `Call one of the methods the mock serves: ${Object.keys(requests).join(", ")}.`,
        );
      const token = /^Bearer\s+(\S+)$/i.exec(request.headers.get("authorization") ?? "")?.[1];
      if (!token)
        return twirpError(
          401,
          "unauthenticated",
          "a runtime token (Authorization: Bearer) is required",
          "Send the run's runtimeToken (from POST /_mock/runs; ACTIONS_RUNTIME_TOKEN in a job) as Authorization: Bearer <token>.",
        );
      const auth = await store.authenticateRuntimeToken(token);
      if (!auth.ok)
        return twirpError(
          401,
          "unauthenticated",
          `runtime token rejected: ${auth.reason}`,
          "Register a run with POST /_mock/runs and send its runtimeToken; a token of another mock (another state directory) is refused.",
        );
      let body: unknown;
      try {
        body = JSON.parse(await bodyText(request));
      } catch (error) {
        if (error instanceof StoreRequestError) return fromStore(error);
        return twirpError(
          400,
          "malformed",
          `the request body is not JSON: ${(error as Error).message}`,
          "Send the request as one JSON object (twirp's JSON encoding, content-type application/json).",
        );
      }
      const parsed = requests[method as Method].safeParse(protoFieldNames(body));
      if (!parsed.success) {
        return twirpError(
          400,
          "invalid_argument",
          issuesText(parsed.error, "request"),
          `Send the fields ${method} takes (proto field names or their lowerCamelCase), as @actions/artifact does.`,
        );
      }
      if (
        parsed.data.workflow_run_backend_id !== auth.run.backendId ||
        parsed.data.workflow_job_run_backend_id !== auth.run.jobBackendId
      ) {
        return twirpError(
          403,
          "permission_denied",
          "the backend ids do not match the runtime token",
          "Send the workflow_run_backend_id and workflow_job_run_backend_id of the token's own scope (Actions.Results:<run>:<job>).",
        );
      }
      try {
        return await impl[method as Method](parsed.data as never, auth.run, blobOrigin(origins, request));
      } catch (error) {
        if (error instanceof StoreRequestError) return fromStore(error);
        throw error;
      }
    }),
  ];
}
