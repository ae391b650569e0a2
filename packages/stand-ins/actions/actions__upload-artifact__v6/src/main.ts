import { ArtifactNotFoundError, DefaultArtifactClient } from "@actions/artifact-v6";
import { runAction } from "../../../shared/run.ts";
import { runUpload } from "../../../shared/upload-artifact.ts";

// actions/upload-artifact v6.0.0 with @actions/artifact 6.2.1 (v6.0.0's own lockfile has 5.0.1: see README).
runAction(() =>
  runUpload({
    client: new DefaultArtifactClient(),
    isNotFound: (e) => e instanceof ArtifactNotFoundError,
    archiveInput: false,
  }),
);
