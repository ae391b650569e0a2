import { DefaultArtifactClient } from "@actions/artifact";
import { runDownload } from "../../../shared/download-artifact/action.ts";
import { runAction } from "../../../shared/run.ts";

// actions/download-artifact v4.3.0 with the client its lockfile pins, @actions/artifact 2.3.2.
runAction(
  () =>
    runDownload({ client: new DefaultArtifactClient(), decompressAndDigestInputs: false, loneArtifactIntoPath: false }),
  "Unable to download artifact(s): ",
);
