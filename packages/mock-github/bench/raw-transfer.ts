import { execFileSync } from "node:child_process";
import { stat } from "node:fs/promises";

/**
 * The mock's own cost: the same protocol as @actions/artifact (CreateArtifact, Put Blob,
 * FinalizeArtifact, REST 302 + GET) with curl moving the bytes, so neither zip nor a JS
 * client's overhead is measured (the caller passes the file's sha256).
 */
export function hasCurl(): boolean {
  try {
    execFileSync("curl", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

export async function rawUpload(url: string, runtimeToken: string, file: string, sha256: string): Promise<number> {
  const payload = JSON.parse(Buffer.from(runtimeToken.split(".")[1]!, "base64url").toString()) as { scp: string };
  const [, runBackend, jobBackend] = payload.scp
    .split(" ")
    .find((s) => s.startsWith("Actions.Results:"))!
    .split(":");
  const ids = { workflow_run_backend_id: runBackend, workflow_job_run_backend_id: jobBackend };
  const twirp = async (method: string, body: object) => {
    const res = await fetch(`${url}/twirp/github.actions.results.api.v1.ArtifactService/${method}`, {
      method: "POST",
      headers: { authorization: `Bearer ${runtimeToken}`, "content-type": "application/json" },
      body: JSON.stringify({ ...ids, ...body }),
    });
    if (!res.ok) throw new Error(`${method}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<Record<string, string>>;
  };
  const { signed_upload_url } = await twirp("CreateArtifact", { name: "raw", version: 4 });
  const status = execFileSync(
    "curl",
    [
      "-sS",
      "-o",
      "/dev/null",
      "-w",
      "%{http_code}",
      "-X",
      "PUT",
      "-H",
      "x-ms-blob-type: BlockBlob",
      "-T",
      file,
      signed_upload_url!,
    ],
    {
      encoding: "utf8",
    },
  );
  if (status !== "201") throw new Error(`Put Blob: ${status}`);
  const size = (await stat(file)).size;
  const { artifact_id } = await twirp("FinalizeArtifact", {
    name: "raw",
    size: String(size),
    hash: `sha256:${sha256}`,
  });
  return Number(artifact_id);
}

export function rawDownload(url: string, repo: string, artifactId: number, dest: string): void {
  const status = execFileSync(
    "curl",
    [
      "-sS",
      "-L",
      "-o",
      dest,
      "-w",
      "%{http_code}",
      "-H",
      "authorization: token bench",
      `${url}/repos/${repo}/actions/artifacts/${artifactId}/zip`,
    ],
    { encoding: "utf8" },
  );
  if (status !== "200") throw new Error(`download: ${status}`);
}
