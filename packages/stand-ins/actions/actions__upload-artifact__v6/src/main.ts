import { ArtifactNotFoundError, DefaultArtifactClient } from "@actions/artifact-v5";
import { runAction } from "../../../shared/run.ts";
import { runUpload } from "../../../shared/upload-artifact.ts";

// actions/upload-artifact v6.0.0 with the client its lockfile pins, @actions/artifact 5.0.1
// (CreateArtifact version 4, no mime_type; its own log lines, e.g. `Artifact NAME.zip successfully finalized.`).
runAction(() =>
  runUpload({
    client: new DefaultArtifactClient(),
    isNotFound: (e) => e instanceof ArtifactNotFoundError,
    archiveInput: false,
  }),
);
