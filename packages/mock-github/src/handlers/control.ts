import { HttpResponse, http, type RequestHandler } from "msw";
import { z } from "zod";
import { bodyText } from "../body.ts";
import { StoreRequestError } from "../errors.ts";
import { conclusionSchema } from "../state.ts";
import type { MockStore } from "../store.ts";
import type { MockOrigins } from "./origins.ts";
import { issuesText } from "../zod-issues.ts";

/** The simulator's and tests' remote control, under /_mock/, apart from GitHub's paths. */
const repoName = (field: string) => z.string().regex(/^[^/\s]+\/[^/\s]+$/, `${field} must look like owner/name`);
const registerRun = z.object({
  repo: repoName("repo"),
  workflow: z.string().min(1),
  branch: z.string().min(1),
  event: z.string().min(1),
  sha: z.string().min(1),
  pullNumber: z.number().int().positive().optional(),
  headRepository: repoName("headRepository").optional(),
});
const workflowFile = z
  .string()
  .regex(/^(\.github\/workflows\/)?[^/\\]+\.ya?ml$/, "a workflow file is <name>.yml or .github/workflows/<name>.yml");
const registerWorkflows = z.object({
  repo: repoName("repo"),
  workflows: z
    .array(
      z.preprocess(
        (w) => (typeof w === "string" ? { file: w } : w), // a bare file name or { file, name }
        z.object({ file: workflowFile, name: z.string().min(1).optional() }),
      ),
    )
    .min(1),
});
const complete = z.object({ conclusion: conclusionSchema });
const faults = z.object({ count: z.number().int().positive(), kind: z.enum(["500", "429", "reset"]) });
const clock = z.object({ now: z.union([z.iso.datetime({ offset: true }), z.null()]) });

function controlError(status: number, message: string, remedy: string) {
  return HttpResponse.json({ error: message, remedy }, { status });
}

async function parse<T>(
  request: Request,
  schema: z.ZodType<T>,
): Promise<{ ok: true; data: T } | { ok: false; response: Response }> {
  let text: string;
  try {
    text = await bodyText(request);
  } catch (error) {
    if (error instanceof StoreRequestError) {
      return { ok: false, response: controlError(error.status, error.message, error.remedy) };
    }
    throw error;
  }
  let json: unknown;
  try {
    json = text.trim() === "" ? {} : JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      response: controlError(400, `The body is not JSON: ${(error as Error).message}`, "Send a JSON object."),
    };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, data: parsed.data };
  const detail = issuesText(parsed.error, "body");
  return {
    ok: false,
    response: controlError(400, `Invalid request: ${detail}`, "See the control API in packages/mock-github/README.md."),
  };
}

/**
 * The control API changes what the simulated GitHub says, so a web page must not drive it:
 * a browser sends `Origin` on cross-site requests and cannot send `application/json` without a
 * CORS preflight (which nothing here answers). Returns the refusal, or undefined to go on.
 */
function refuseCrossSite(request: Request, ownOrigin: string | undefined): Response | undefined {
  const origin = request.headers.get("origin");
  const self = ownOrigin ?? new URL(request.url).origin;
  if (origin !== null && origin !== self) {
    return controlError(
      403,
      `The control API does not answer requests from another site (Origin: ${origin.slice(0, 100)}).`,
      "Call /_mock/ from a script or test, not from a web page.",
    );
  }
  const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (request.method === "POST" && type !== "application/json") {
    return controlError(
      415,
      `The control API takes JSON bodies; this ${request.method} has content-type '${type || "none"}'.`,
      "Send 'content-type: application/json' (even with an empty body), or use createMockClient() from @perfgate/mock-github.",
    );
  }
  return undefined;
}

export function controlHandlers(store: MockStore, origins: MockOrigins = {}): RequestHandler[] {
  const guard = async (request: Request, fn: () => Promise<Response> | Response) => {
    const refused = refuseCrossSite(request, origins.api);
    if (refused) return refused;
    try {
      return await fn();
    } catch (error) {
      if (error instanceof StoreRequestError) return controlError(error.status, error.message, error.remedy);
      throw error;
    }
  };
  return [
    http.post("*/_mock/runs", ({ request }) =>
      guard(request, async () => {
        const input = await parse(request, registerRun);
        if (!input.ok) return input.response;
        const { run, runtimeToken } = await store.registerRun(input.data);
        return HttpResponse.json({ id: run.id, runtimeToken }, { status: 201 });
      }),
    ),
    http.post("*/_mock/workflows", ({ request }) =>
      guard(request, async () => {
        const input = await parse(request, registerWorkflows);
        if (!input.ok) return input.response;
        const records = store.registerWorkflows(input.data.repo, input.data.workflows);
        return HttpResponse.json(
          { workflows: records.map((w) => ({ id: w.id, file: w.file, path: `.github/workflows/${w.file}` })) },
          { status: 201 },
        );
      }),
    ),
    http.post("*/_mock/runs/:id/complete", ({ request, params }) =>
      guard(request, async () => {
        const input = await parse(request, complete);
        if (!input.ok) return input.response;
        const run = store.completeRun(Number(params.id), input.data.conclusion);
        return HttpResponse.json({ id: run.id, status: run.status, conclusion: run.conclusion });
      }),
    ),
    http.post("*/_mock/artifacts/:id/expire", ({ request, params }) =>
      guard(request, () => {
        const artifact = store.expireArtifact(Number(params.id));
        return HttpResponse.json({ id: artifact.id, expired: artifact.expired, expires_at: artifact.expiresAt });
      }),
    ),
    http.get("*/_mock/artifacts/:id/upload", ({ request, params }) =>
      guard(request, async () => HttpResponse.json(await store.describeUpload(Number(params.id)))),
    ),
    http.post("*/_mock/faults", ({ request }) =>
      guard(request, async () => {
        const input = await parse(request, faults);
        if (!input.ok) return input.response;
        store.addFaults(input.data.count, input.data.kind);
        return HttpResponse.json(input.data);
      }),
    ),
    http.post("*/_mock/clock", ({ request }) =>
      guard(request, async () => {
        const input = await parse(request, clock);
        if (!input.ok) return input.response;
        store.setNow(input.data.now);
        return HttpResponse.json({ now: store.now().toISOString(), fixed: input.data.now !== null });
      }),
    ),
    http.get("*/_mock/faults", ({ request }) =>
      guard(request, () => HttpResponse.json({ faults: store.listFaults() })),
    ),
    http.delete("*/_mock/faults", ({ request }) =>
      guard(request, () => HttpResponse.json({ cleared: store.clearFaults() })),
    ),
    http.get("*/_mock/state", ({ request }) => guard(request, () => HttpResponse.json(store.snapshot()))),
  ];
}
