import { HttpResponse, http, type RequestHandler } from "msw";
import { z } from "zod";
import { bodyText } from "../body.ts";
import { StoreRequestError } from "../errors.ts";
import { conclusionSchema } from "../state.ts";
import type { MockStore } from "../store.ts";

/** The simulator's and tests' remote control, under /_mock/, apart from GitHub's paths. */
const registerRun = z.object({
  repo: z.string().regex(/^[^/\s]+\/[^/\s]+$/, "repo must look like owner/name"),
  workflow: z.string().min(1),
  branch: z.string().min(1),
  event: z.string().min(1),
  sha: z.string().min(1),
  pullNumber: z.number().int().positive().optional(),
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
  let json: unknown;
  try {
    const text = await bodyText(request);
    json = text.trim() === "" ? {} : JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      response: controlError(400, `The body is not JSON: ${(error as Error).message}`, "Send a JSON object."),
    };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, data: parsed.data };
  const detail = parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ");
  return {
    ok: false,
    response: controlError(400, `Invalid request: ${detail}`, "See the control API in packages/mock-github/README.md."),
  };
}

export function controlHandlers(store: MockStore): RequestHandler[] {
  const guard = async (fn: () => Promise<Response> | Response) => {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof StoreRequestError) return controlError(error.status, error.message, error.remedy);
      throw error;
    }
  };
  return [
    http.post("*/_mock/runs", ({ request }) =>
      guard(async () => {
        const input = await parse(request, registerRun);
        if (!input.ok) return input.response;
        const { run, runtimeToken } = await store.registerRun(input.data);
        return HttpResponse.json({ id: run.id, runtimeToken }, { status: 201 });
      }),
    ),
    http.post("*/_mock/runs/:id/complete", ({ request, params }) =>
      guard(async () => {
        const input = await parse(request, complete);
        if (!input.ok) return input.response;
        const run = store.completeRun(Number(params.id), input.data.conclusion);
        return HttpResponse.json({ id: run.id, status: run.status, conclusion: run.conclusion });
      }),
    ),
    http.post("*/_mock/artifacts/:id/expire", ({ params }) =>
      guard(() => {
        const artifact = store.expireArtifact(Number(params.id));
        return HttpResponse.json({ id: artifact.id, expired: artifact.expired, expires_at: artifact.expiresAt });
      }),
    ),
    http.post("*/_mock/faults", ({ request }) =>
      guard(async () => {
        const input = await parse(request, faults);
        if (!input.ok) return input.response;
        store.addFaults(input.data.count, input.data.kind);
        return HttpResponse.json(input.data);
      }),
    ),
    http.post("*/_mock/clock", ({ request }) =>
      guard(async () => {
        const input = await parse(request, clock);
        if (!input.ok) return input.response;
        store.setNow(input.data.now);
        return HttpResponse.json({ now: store.now().toISOString(), fixed: input.data.now !== null });
      }),
    ),
    http.get("*/_mock/state", () => HttpResponse.json(store.snapshot())),
  ];
}
