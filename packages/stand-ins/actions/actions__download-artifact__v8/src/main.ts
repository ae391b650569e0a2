import { DefaultArtifactClient } from "@actions/artifact-v6";
import { runDownload } from "../../../shared/download-artifact/action.ts";
import { runAction } from "../../../shared/run.ts";

// actions/download-artifact v8.0.1 (current major) with the client its lockfile pins, @actions/artifact 6.2.1.
runAction(
  () =>
    runDownload({ client: new DefaultArtifactClient(), decompressAndDigestInputs: true, loneArtifactIntoPath: true }),
  "Unable to download artifact(s): ",
);
