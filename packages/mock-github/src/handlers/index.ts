import type { RequestHandler } from "msw";
import type { MockStore } from "../store.ts";
import { blobHandlers } from "./blob.ts";
import { controlHandlers } from "./control.ts";
import { faultHandlers } from "./faults.ts";
import { restHandlers } from "./rest.ts";
import { twirpHandlers } from "./twirp.ts";

/** All of the mock's msw handlers, with origin-wildcard paths so they match any base URL. */
export function createHandlers(store: MockStore): RequestHandler[] {
  return [
    ...faultHandlers(store),
    ...controlHandlers(store),
    ...twirpHandlers(store),
    ...restHandlers(store),
    ...blobHandlers(store),
  ];
}
