import type { ArtifactRecord } from "../state.ts";
import { type BlobPermission, signBlobPath, verifyBlobSignature } from "../signing.ts";
import type { Clock } from "./clock.ts";
import type { StateContext } from "./persistence.ts";

/** Path of blobs under the blob origin: `/<account>/<container>/<blob>` as Azure's path-style URLs. */
export const BLOB_ACCOUNT = "mockstorage";
export const BLOB_CONTAINER = "actions-results";

/** A content type that means a zip archive (null: the artifact predates mime_type, so a zip). */
export function isZipType(mimeType: string | null): boolean {
  return mimeType === null || /^(application\/(x-)?zip(-compressed)?|zip)$/i.test(mimeType.split(";")[0]!.trim());
}

/** Signed blob URLs, like Azure SAS URLs: they carry their own authorization until they expire. */
export function createBlobUrls(ctx: StateContext, clock: Clock) {
  return {
    /**
     * A URL under `origin` that authorizes one blob operation until it expires. A zip's blob
     * name ends in `.zip`, which @actions/artifact 6.x reads as "unzip me"; an artifact uploaded
     * unzipped (mime_type other than zip) has a bare name.
     */
    signedBlobUrl(origin: string, artifact: ArtifactRecord, permission: BlobPermission, ttlMs = 3600_000): string {
      const name = `${artifact.uploadId}${isZipType(artifact.mimeType) ? ".zip" : ""}`;
      const blobPath = `/${BLOB_ACCOUNT}/${BLOB_CONTAINER}/${name}`;
      const expires = new Date(clock.now().getTime() + ttlMs);
      return `${origin}${blobPath}?${signBlobPath(ctx.state.secret, blobPath, permission, expires)}`;
    },

    verifyBlobUrl(blobPath: string, params: URLSearchParams, need: BlobPermission) {
      return verifyBlobSignature(ctx.state.secret, blobPath, params, need, clock.now());
    },
  };
}
