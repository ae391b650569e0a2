import { ArtifactNotFoundError, DefaultArtifactClient } from "@actions/artifact";
import { runAction } from "../../../shared/run.ts";
import { runUpload } from "../../../shared/upload-artifact.ts";

// actions/upload-artifact v4.6.2 with the client its lockfile pins, @actions/artifact 2.3.2.
runAction(() =>
  runUpload({
    client: new DefaultArtifactClient(),
    isNotFound: (e) => e instanceof ArtifactNotFoundError,
    archiveInput: false,
  }),
);
