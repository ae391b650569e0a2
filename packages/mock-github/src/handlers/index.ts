import type { RequestHandler } from "msw";
import type { MockStore } from "../store.ts";
import { blobHandlers } from "./blob.ts";
import { controlHandlers } from "./control.ts";
import { faultHandlers } from "./faults.ts";
import type { MockOrigins } from "./origins.ts";
import { restHandlers } from "./rest.ts";
import { twirpHandlers } from "./twirp.ts";

export type { MockOrigins };

/** All of the mock's msw handlers, with origin-wildcard paths so they match any base URL. */
export function createHandlers(store: MockStore, origins: MockOrigins = {}): RequestHandler[] {
  return [
    ...faultHandlers(store),
    ...controlHandlers(store, origins),
    ...twirpHandlers(store, origins),
    ...restHandlers(store, origins),
    ...blobHandlers(store),
  ];
}
