import { createHash } from "node:crypto";

/** Small raw-protocol helpers for test setup and negative cases (the happy paths use GitHub's own clients). */

export type RunInput = { repo: string; workflow: string; branch: string; event: string; sha: string };

export async function registerRun(
  url: string,
  input: Partial<RunInput> = {},
): Promise<{ id: number; runtimeToken: string }> {
  const body: RunInput = {
    repo: "octo/app",
    workflow: "ci.yml",
    branch: "main",
    event: "push",
    sha: "a".repeat(40),
    ...input,
  };
  const res = await fetch(`${url}/_mock/runs`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`POST /_mock/runs -> ${res.status} ${await res.text()}`);
  return (await res.json()) as { id: number; runtimeToken: string };
}

export async function control(url: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${url}/_mock/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

export function backendIds(runtimeToken: string): {
  workflow_run_backend_id: string;
  workflow_job_run_backend_id: string;
} {
  const payload = JSON.parse(Buffer.from(runtimeToken.split(".")[1]!, "base64url").toString()) as { scp: string };
  const scope = payload.scp
    .split(" ")
    .find((s) => s.startsWith("Actions.Results:"))!
    .split(":");
  return { workflow_run_backend_id: scope[1]!, workflow_job_run_backend_id: scope[2]! };
}

export async function twirp(url: string, token: string | undefined, method: string, body: unknown): Promise<Response> {
  return fetch(`${url}/twirp/github.actions.results.api.v1.ArtifactService/${method}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
}

export const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** Creates, uploads (one Put Blob) and finalizes an artifact; returns its id. */
export async function uploadRaw(
  url: string,
  runtimeToken: string,
  name: string,
  bytes: Uint8Array,
  expiresAt?: string,
): Promise<number> {
  const ids = backendIds(runtimeToken);
  const created = await twirp(url, runtimeToken, "CreateArtifact", {
    ...ids,
    name,
    version: 4,
    ...(expiresAt ? { expires_at: expiresAt } : {}),
  });
  if (created.status !== 200) throw new Error(`CreateArtifact -> ${created.status} ${await created.text()}`);
  const { signed_upload_url } = (await created.json()) as { signed_upload_url: string };
  const put = await fetch(signed_upload_url, {
    method: "PUT",
    headers: { "x-ms-blob-type": "BlockBlob" },
    body: bytes,
  });
  if (put.status !== 201) throw new Error(`Put Blob -> ${put.status} ${await put.text()}`);
  const fin = await twirp(url, runtimeToken, "FinalizeArtifact", {
    ...ids,
    name,
    size: String(bytes.length),
    hash: `sha256:${sha256(bytes)}`,
  });
  if (fin.status !== 200) throw new Error(`FinalizeArtifact -> ${fin.status} ${await fin.text()}`);
  return Number(((await fin.json()) as { artifact_id: string }).artifact_id);
}
