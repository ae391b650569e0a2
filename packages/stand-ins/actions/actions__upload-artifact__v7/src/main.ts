import { ArtifactNotFoundError, DefaultArtifactClient } from "@actions/artifact-v6";
import { runAction } from "../../../shared/run.ts";
import { runUpload } from "../../../shared/upload-artifact.ts";

// actions/upload-artifact v7.0.0 with @actions/artifact 6.2.1 (its lockfile names 6.2.0, which npm does not have).
runAction(() =>
  runUpload({
    client: new DefaultArtifactClient(),
    isNotFound: (e) => e instanceof ArtifactNotFoundError,
    archiveInput: true,
  }),
);
