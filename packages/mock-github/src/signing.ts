import { createHmac, timingSafeEqual } from "node:crypto";
import { jwtVerify, SignJWT } from "jose";

/** Runtime tokens look like GitHub's: a JWT whose `scp` carries the run and job backend ids. */
export async function issueRuntimeToken(
  secret: string,
  ids: { backendId: string; jobBackendId: string },
  now: Date,
): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({
    scp: `Actions.ExampleScope Actions.Results:${ids.backendId}:${ids.jobBackendId}`,
    ac: "[]",
  })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer("mock-github")
    .setAudience("vso:mock-github")
    .setIssuedAt(iat)
    .setNotBefore(iat - 60)
    .setExpirationTime(iat + 24 * 3600)
    .sign(key(secret));
}

/** Returns the backend ids of a valid token, or an explanation of why it is not valid. */
export async function verifyRuntimeToken(
  secret: string,
  token: string,
  now: Date,
): Promise<{ ok: true; backendId: string; jobBackendId: string } | { ok: false; reason: string }> {
  try {
    const { payload } = await jwtVerify(token, key(secret), {
      issuer: "mock-github",
      audience: "vso:mock-github",
      currentDate: now,
    });
    const scope = String(payload.scp ?? "")
      .split(" ")
      .map((s) => s.split(":"))
      .find((parts) => parts[0] === "Actions.Results" && parts.length === 3);
    if (!scope) return { ok: false, reason: "the token has no Actions.Results scope" };
    return { ok: true, backendId: scope[1]!, jobBackendId: scope[2]! };
  } catch (error) {
    return { ok: false, reason: `the token is not valid (${(error as Error).message})` };
  }
}

function key(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

export type BlobPermission = "r" | "cw";

/** Blob URLs carry their own authorization, like Azure SAS URLs: an HMAC over path, permission and expiry. */
export function signBlobPath(secret: string, path: string, permission: BlobPermission, expiresAt: Date): string {
  const se = expiresAt.toISOString();
  const sig = hmac(secret, `${permission}\n${se}\n${path}`);
  return new URLSearchParams({ sv: "2023-11-03", sp: permission, se, sig }).toString();
}

export function verifyBlobSignature(
  secret: string,
  path: string,
  params: URLSearchParams,
  need: BlobPermission,
  now: Date,
): { ok: true } | { ok: false; reason: string } {
  const sp = params.get("sp");
  const se = params.get("se");
  const sig = params.get("sig");
  if (!sp || !se || !sig) return { ok: false, reason: "the URL is not signed (sp, se and sig are required)" };
  const expected = Buffer.from(hmac(secret, `${sp}\n${se}\n${path}`));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { ok: false, reason: "the signature does not match" };
  }
  if (sp !== need) return { ok: false, reason: `the signature grants '${sp}', this operation needs '${need}'` };
  if (Date.parse(se) <= now.getTime()) return { ok: false, reason: `the signed URL expired at ${se}` };
  return { ok: true };
}

function hmac(secret: string, text: string): string {
  return createHmac("sha256", secret).update(text).digest("base64url");
}
