import { existsSync, rmSync } from "node:fs";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { getResponse, type RequestHandler } from "msw";
import { attachNodeBody, nodeResponseBody } from "./body.ts";
import { MockGithubError } from "./errors.ts";
import { createHandlers, type MockOrigins } from "./handlers/index.ts";
import { BLOB_ACCOUNT, createStore, type MockStore } from "./store.ts";

export type MockServer = {
  /** GITHUB_API_URL and ACTIONS_RESULTS_URL (without the trailing slash). */
  url: string;
  /** Blob storage's origin: a second port, so that, as on GitHub, a redirect there is cross-origin. */
  blobUrl: string;
  store: MockStore;
  close(): Promise<void>;
};

/**
 * Serves the msw handlers over node:http on 127.0.0.1 only: the API on `port`, blob storage
 * on `blobPort` (both 0 for free ports). A store it creates itself is closed with the server;
 * a store passed in stays the caller's.
 */
export async function startMockServer(
  opts: { port?: number; blobPort?: number; stateDir?: string; store?: MockStore } = {},
): Promise<MockServer> {
  const ownsStore = !opts.store;
  // A start that fails (a port in use) leaves no state directory it created behind.
  const created = ownsStore && opts.stateDir ? firstMissing(opts.stateDir) : undefined;
  const store = opts.store ?? createStore({ stateDir: opts.stateDir });
  const origins: MockOrigins = {};
  const handlers = createHandlers(store, origins);
  const api = createListener(
    handlers,
    () => origins.api!,
    () => true,
  );
  const blob = createListener(
    handlers,
    () => origins.blob!,
    (path) => path.startsWith(`/${BLOB_ACCOUNT}/`),
  );
  try {
    origins.api = await listen(api, opts.port ?? 0, "--port");
    origins.blob = await listen(blob, opts.blobPort ?? 0, "--blob-port");
  } catch (error) {
    await closeListener(api);
    if (ownsStore) store.close();
    if (created) rmSync(created, { recursive: true, force: true });
    throw error;
  }
  store.announce(origins.api);
  return {
    url: origins.api,
    blobUrl: origins.blob,
    store,
    close: async () => {
      await Promise.all([closeListener(api), closeListener(blob)]);
      if (ownsStore) store.close();
    },
  };
}

/** The outermost directory of `dir` that does not exist yet (what creating it would add), if any. */
function firstMissing(dir: string): string | undefined {
  let missing: string | undefined;
  for (let d = path.resolve(dir); !existsSync(d); d = path.dirname(d)) {
    missing = d;
    if (path.dirname(d) === d) break;
  }
  return missing;
}

function createListener(
  handlers: RequestHandler[],
  origin: () => string,
  serves: (path: string) => boolean,
): http.Server {
  const server = http.createServer((req, res) => {
    serve(handlers, origin(), serves, req, res).catch((error: Error) => {
      // The body never carries the error's text: it can hold a server path.
      console.error(`mock-github: ${req.method} ${req.url?.split("?")[0]} failed: ${error.stack ?? error.message}`);
      if (!res.headersSent) {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(
          JSON.stringify({
            message: "Server Error",
            documentation_url: "https://docs.github.com/rest",
            status: "500",
          }),
        );
      } else {
        res.destroy(error);
      }
    });
  });
  server.keepAliveTimeout = 5000;
  return server;
}

async function listen(server: http.Server, port: number, option: string): Promise<string> {
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve());
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE") {
      throw new MockGithubError(
        "PORT_IN_USE",
        `Port ${port} on 127.0.0.1 is already in use, so mock-github cannot listen there.`,
        `Stop what listens on it (\`ss -ltnp 'sport = :${port}'\` names it), pass another ${option}, or ${option} 0 for a free port.`,
      );
    }
    if (code === "EACCES") {
      throw new MockGithubError(
        "PORT_FORBIDDEN",
        `This user may not listen on port ${port} on 127.0.0.1.`,
        `Pass a port above 1023 with ${option}, or ${option} 0 for a free port.`,
      );
    }
    throw error;
  }
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function closeListener(server: http.Server): Promise<void> {
  if (!server.listening) return;
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** Names this listener answers to: DNS rebinding sends a foreign Host to 127.0.0.1. */
function hostAllowed(host: string | undefined, origin: string): boolean {
  const port = new URL(origin).port;
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

function plain(res: ServerResponse, status: number, body: object): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

async function serve(
  handlers: RequestHandler[],
  origin: string,
  serves: (path: string) => boolean,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const target = req.url ?? "/";
  if (!hostAllowed(req.headers.host, origin)) {
    req.resume();
    plain(res, 421, {
      message: `Misdirected Request: this server answers for ${origin}, not for Host '${String(req.headers.host).slice(0, 100)}'.`,
      remedy: `Connect as ${origin} (or localhost with that port), with that Host; a page on another site cannot reach the mock.`,
      status: "421",
    });
    return;
  }
  if (!target.startsWith("/")) {
    req.resume();
    plain(res, 404, {
      message: `Not Found: this server is not a proxy; the request target '${target.slice(0, 100)}' is not a path.`,
      remedy: `Request the path itself on ${origin} (e.g. GET /_mock/state), not a full URL.`,
      status: "404",
    });
    return;
  }
  if (!serves(target)) {
    req.resume();
    plain(res, 404, { message: "Not Found", documentation_url: "https://docs.github.com/rest", status: "404" });
    return;
  }
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!;
    if (/^(host|connection|transfer-encoding|keep-alive|expect)$/i.test(name)) continue;
    headers.append(name, req.rawHeaders[i + 1]!);
  }
  const request = new Request(`${origin}${target}`, {
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
