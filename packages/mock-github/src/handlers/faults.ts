import { HttpResponse, http, type RequestHandler } from "msw";
import type { MockStore } from "../store.ts";

/**
 * Injected failures for the next N non-control requests. Returning nothing lets msw fall
 * through to the real handler, so this must come first.
 */
export function faultHandlers(store: MockStore): RequestHandler[] {
  return [
    http.all("*", ({ request }) => {
      if (new URL(request.url).pathname.startsWith("/_mock/")) return undefined;
      const kind = store.takeFault();
      if (kind === undefined) return undefined;
      if (kind === "reset") return HttpResponse.error(); // the node:http adapter destroys the socket
      if (kind === "429") {
        return HttpResponse.json(
          {
            message: "API rate limit exceeded for installation.",
            documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
            status: "429",
          },
          {
            status: 429,
            headers: {
              "retry-after": "1",
              "x-ratelimit-limit": "5000",
              "x-ratelimit-remaining": "0",
              "x-ratelimit-used": "5000",
              "x-ratelimit-resource": "core",
              "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + 1),
            },
          },
        );
      }
      return HttpResponse.json(
        { message: "Server Error", documentation_url: "https://docs.github.com/rest", status: "500" },
        { status: 500 },
      );
    }),
  ];
}
