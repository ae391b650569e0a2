/**
 * Where the mock says it lives. URLs in answers (Link headers, `url` fields, signed blob URLs)
 * are built from these, never from the request's Host header, so a forged Host cannot point a
 * client elsewhere. Read at request time: the server fills them in once it listens. Unset (as
 * under msw's setupServer), the request's own origin stands in.
 */
export type MockOrigins = {
  /** REST, twirp and control: GITHUB_API_URL and ACTIONS_RESULTS_URL. */
  api?: string;
  /** Blob storage, a separate origin as on GitHub (Azure), so fetch drops the token on the redirect. */
  blob?: string;
};

export const apiOrigin = (origins: MockOrigins, request: Request): string => origins.api ?? new URL(request.url).origin;

export const blobOrigin = (origins: MockOrigins, request: Request): string =>
  origins.blob ?? origins.api ?? new URL(request.url).origin;
