import { describeArtifactClient } from "./artifact-client-suite.ts";

// @actions/artifact 5.0.1, the client upload-artifact v6.0.0 ships (its lockfile resolves
// ^5.0.0 to 5.0.1): still CreateArtifact version 4 without mime_type, the zip's blob typed `zip`.
describeArtifactClient({
  label: "@actions/artifact 5.0.1",
  repo: "octo/five",
  load: async () => new (await import("@actions/artifact-v5")).DefaultArtifactClient(),
  bigBytes: 9 * 1024 * 1024 + 777, // two blocks
  createArtifact: { version: 4, mimeType: null },
  servedType: "zip",
});
