import { HttpResponse, http, type RequestHandler } from "msw";
import { bodyStream, bodyText, streamedResponse } from "../body.ts";
import { StoreRequestError } from "../errors.ts";
import { BLOB_ACCOUNT, isZipType, type MockStore } from "../store.ts";

/**
 * Azure Blob Storage, as far as @actions/artifact uses it (BlockBlobClient.uploadStream and a
 * plain GET). Signed URLs replace authentication, so every request's signature is checked.
 */
/** Text for an XML element: a message can quote what the client sent (a block id, a query). */
const escapeXml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * An Azure Storage error body (Code, Message), with what to do about it in an extra `Remedy`
 * element (Azure's own errors carry extra detail elements too; the SDKs keep them as details).
 */
function azureError(status: number, code: string, message: string, remedy: string) {
  const xml = `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${escapeXml(message)}</Message><Remedy>${escapeXml(remedy)}</Remedy></Error>`;
  return new HttpResponse(xml, { status, headers: { "content-type": "application/xml", "x-ms-error-code": code } });
}

function azureHeaders(extra: Record<string, string> = {}) {
  return {
    "x-ms-request-id": crypto.randomUUID(),
    "x-ms-version": "2025-01-05",
    date: new Date().toUTCString(),
    ...extra,
  };
}

/**
 * Blob storage ignores an Authorization header: the signature in the URL is the authorization.
 * (Refusing a forwarded GitHub token would fail clients that work on GitHub: node-fetch and
 * @actions/http-client drop it only when the host name changes, and here only the port does.)
 */
export function blobHandlers(store: MockStore): RequestHandler[] {
  const uploadIdOf = (blob: string) => blob.replace(/\.zip$/, "");
  const check = (request: Request, need: "r" | "cw") => {
    const url = new URL(request.url);
    const verdict = store.verifyBlobUrl(url.pathname, url.searchParams, need);
    return verdict.ok
      ? undefined
      : azureError(
          403,
          "AuthenticationFailed",
          `Server failed to authenticate the request: ${verdict.reason}.`,
          "Use the signed URL the artifact service returned (CreateArtifact, GetSignedArtifactURL or the REST zip redirect) unchanged and before it expires; ask for a new one.",
        );
  };
  const guard = async (fn: () => Promise<Response>) => {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof StoreRequestError) {
        const code =
          error.status === 404 ? "BlobNotFound" : error.status === 413 ? "RequestBodyTooLarge" : "InvalidInput";
        return azureError(error.status, code, error.message, error.remedy);
      }
      throw error;
    }
  };
  const path = `*/${BLOB_ACCOUNT}/:container/:blob`;

  return [
    http.put(path, ({ request, params }) =>
      guard(async () => {
        const denied = check(request, "cw");
        if (denied) return denied;
        const uploadId = uploadIdOf(params.blob as string);
        const q = new URL(request.url).searchParams;
        const comp = q.get("comp");
        if (comp === "block") {
          await store.stageBlock(uploadId, q.get("blockid") ?? "", bodyStream(request));
          return new HttpResponse(null, {
            status: 201,
            headers: azureHeaders({ "x-ms-request-server-encrypted": "true" }),
          });
        }
        if (comp === "blocklist") {
          const xml = await bodyText(request);
          const blockIds = [...xml.matchAll(/<(Latest|Committed|Uncommitted)>([^<]*)<\/\1>/g)].map((m) => m[2]!);
          await store.commitBlocks(uploadId, blockIds, request.headers.get("x-ms-blob-content-type") ?? undefined);
          return new HttpResponse(null, {
            status: 201,
            headers: azureHeaders({
              etag: `"0x${Date.now().toString(16)}"`,
              "last-modified": new Date().toUTCString(),
            }),
          });
        }
        if (comp === null && request.headers.get("x-ms-blob-type") === "BlockBlob") {
          await store.putBlob(
            uploadId,
            bodyStream(request),
            request.headers.get("x-ms-blob-content-type") ?? request.headers.get("content-type") ?? undefined,
          );
          return new HttpResponse(null, {
            status: 201,
            headers: azureHeaders({ etag: `"0x${Date.now().toString(16)}"` }),
          });
        }
        return azureError(
          400,
          "UnsupportedQueryParameter",
          `comp=${comp} is not supported by the mock.`,
          "Use Put Blob (x-ms-blob-type: BlockBlob), Put Block (comp=block) or Put Block List (comp=blocklist), as @actions/artifact does.",
        );
      }),
    ),
    http.get(path, ({ request, params }) =>
      guard(async () => {
        const denied = check(request, "r");
        if (denied) return denied;
        const uploadId = uploadIdOf(params.blob as string);
        const blob = await store.readBlob(uploadId);
        if (!blob)
          return azureError(
            404,
            "BlobNotFound",
            "The specified blob does not exist.",
            "Download an artifact only after FinalizeArtifact; ask the API for the artifact's current URL.",
          );
        const { artifact, size } = blob;
        // Blob storage serves the type the upload set; unzipped artifacts also carry their file name.
        const type = artifact.mimeType ?? "application/zip";
        const disposition: Record<string, string> = isZipType(artifact.mimeType)
          ? {}
          : {
              "content-disposition": `attachment; filename="${artifact.name.replace(/[^\x20-\x7e]|["\\]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(artifact.name)}`,
            };
        return streamedResponse(
          () => blob.open(),
          (sink) => blob.copyTo(sink),
          {
            status: 200,
            headers: azureHeaders({
              "content-type": type,
              "content-length": String(size),
              ...disposition,
              "x-ms-blob-type": "BlockBlob",
            }),
          },
        );
      }),
    ),
  ];
}
