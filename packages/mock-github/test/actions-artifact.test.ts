import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { describeArtifactClient } from "./artifact-client-suite.ts";
import { backendIds, twirp } from "./helpers.ts";

// @actions/artifact 2.3.2, the client of upload-artifact v4.6.2 and download-artifact v4.3.0.
const suite = describeArtifactClient("2.3.2");

describe("@actions/artifact 2.3.2 and the runtime token", () => {
  it("rejects a runtime token not issued by the mock", async () => {
    const { server, client, run } = suite;
    const forged = await new SignJWT({
      scp: `Actions.Results:${backendIds(run.runtimeToken).workflow_run_backend_id}:x`,
    })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .sign(new TextEncoder().encode("not-the-mock-secret-not-the-mock-secret"));
    process.env.ACTIONS_RUNTIME_TOKEN = forged;
    try {
      await expect(client.listArtifacts()).rejects.toThrow(/401/);
    } finally {
      process.env.ACTIONS_RUNTIME_TOKEN = run.runtimeToken;
    }
    const missing = await twirp(server.url, undefined, "ListArtifacts", backendIds(run.runtimeToken));
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ code: "unauthenticated" });
  });
});
