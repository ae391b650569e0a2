import { Readable, type Writable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { StoreRequestError } from "./errors.ts";

/**
 * msw clones every request (a stream tee) so it can log it; an unread clone would hold a
 * copy of every uploaded block in memory. The node:http adapter therefore hands the raw
 * request stream to the handlers through this side channel and gives msw a bodiless Request.
 * Under setupServer there is no side channel and the handlers read `request.body`.
 */
const nodeBodies = new WeakMap<Request, Readable>();

export function attachNodeBody(request: Request, body: Readable): void {
  nodeBodies.set(request, body);
}

export function bodyStream(request: Request): Readable {
  const node = nodeBodies.get(request);
  if (node) return node;
  if (!request.body) return Readable.from([]);
  return Readable.fromWeb(request.body as unknown as WebReadableStream<Uint8Array>);
}

/** The cap on JSON and XML bodies (control, twirp, block lists); GitHub's own are far smaller. */
export const SMALL_BODY_LIMIT = 1024 * 1024;

/**
 * Reads a small body (JSON, XML) with a cap, so a wrong client cannot exhaust memory. A body
 * over the cap (by Content-Length, or once read) is a 413 StoreRequestError.
 */
export async function bodyText(request: Request, limit = SMALL_BODY_LIMIT): Promise<string> {
  const tooLarge = () =>
    new StoreRequestError(
      413,
      "resource_exhausted",
      `The request body is larger than ${limit} bytes.`,
      "Send a smaller body; the mock's JSON and XML requests are a few kilobytes.",
    );
  // Declared too large: answer without reading (the server drains what is left).
  if (Number(request.headers.get("content-length") ?? 0) > limit) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  // Read to the end even past the cap (keeping nothing): leaving the loop early would destroy
  // the request, and with it the connection that must carry the 413.
  for await (const chunk of bodyStream(request)) {
    size += (chunk as Buffer).length;
    if (size <= limit) chunks.push(chunk as Buffer);
  }
  if (size > limit) throw tooLarge();
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * A response body the node:http adapter writes straight to the socket with `write(sink)` (no
 * web-stream round trip); under setupServer the same body is read as a web stream from `open`,
 * which opens lazily.
 */
type NodeBodyWriter = (sink: Writable) => Promise<void>;
const nodeResponseBodies = new WeakMap<Response, NodeBodyWriter>();

export function streamedResponse(open: () => Readable, write: NodeBodyWriter, init: ResponseInit): Response {
  let source: AsyncIterator<Buffer> | undefined;
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        source ??= open()[Symbol.asyncIterator]();
        const { value, done } = await source.next();
        if (done) controller.close();
        else controller.enqueue(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
      },
      async cancel() {
        await source?.return?.();
      },
    },
    { highWaterMark: 0 }, // nothing is opened until someone reads
  );
  const response = new Response(body, init);
  nodeResponseBodies.set(response, write);
  return response;
}

export function nodeResponseBody(response: Response): NodeBodyWriter | undefined {
  return nodeResponseBodies.get(response);
}
