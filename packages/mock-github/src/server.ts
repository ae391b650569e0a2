import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { getResponse, type RequestHandler } from "msw";
import { attachNodeBody, nodeResponseBody } from "./body.ts";
import { createHandlers } from "./handlers/index.ts";
import { createStore, type MockStore } from "./store.ts";

export type MockServer = { url: string; store: MockStore; close(): Promise<void> };

/**
 * Serves the msw handlers over node:http on 127.0.0.1 only. A store it creates itself is
 * closed with the server; a store passed in stays the caller's.
 */
export async function startMockServer(
  opts: { port?: number; stateDir?: string; store?: MockStore } = {},
): Promise<MockServer> {
  const ownsStore = !opts.store;
  const store = opts.store ?? createStore({ stateDir: opts.stateDir });
  const handlers = createHandlers(store);
  const server = http.createServer((req, res) => {
    serve(handlers, req, res).catch((error: Error) => {
      if (!res.headersSent) {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ message: `mock-github failed: ${error.message}`, status: "500" }));
      } else {
        res.destroy(error);
      }
    });
  });
  server.keepAliveTimeout = 5000;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(opts.port ?? 0, "127.0.0.1", () => resolve());
    });
  } catch (error) {
    if (ownsStore) store.close();
    throw error;
  }
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  store.announce(url);
  return {
    url,
    store,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      if (ownsStore) store.close();
    },
  };
}

async function serve(handlers: RequestHandler[], req: IncomingMessage, res: ServerResponse): Promise<void> {
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!;
    if (/^(host|connection|transfer-encoding|keep-alive|expect)$/i.test(name)) continue;
    headers.append(name, req.rawHeaders[i + 1]!);
  }
  const request = new Request(`http://${req.headers.host ?? "127.0.0.1"}${req.url ?? "/"}`, {
    method: req.method,
    headers,
  });
  attachNodeBody(request, req);
  const response = await getResponse(handlers, request);
  if (!response) {
    req.resume();
    res.writeHead(404, { "content-type": "application/json" });
    res.end(JSON.stringify({ message: "Not Found", documentation_url: "https://docs.github.com/rest", status: "404" }));
    return;
  }
  if (response.type === "error") {
    req.socket.resetAndDestroy(); // the "reset" fault: a TCP RST, the client sees ECONNRESET
    return;
  }
  if (!req.readableEnded) req.resume(); // a handler that answered without reading the body
  const outHeaders: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    outHeaders[name] = value;
  });
  res.writeHead(response.status, outHeaders);
  if (!response.body || req.method === "HEAD") {
    res.end();
    return;
  }
  const writeDirect = nodeResponseBody(response);
  if (writeDirect) {
    await response.body.cancel();
    await writeDirect(res);
    res.end();
    return;
  }
  await pipeline(Readable.fromWeb(response.body as unknown as WebReadableStream<Uint8Array>), res);
}
