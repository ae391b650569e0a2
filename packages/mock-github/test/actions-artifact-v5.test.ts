import { describeArtifactClient } from "./artifact-client-suite.ts";

// @actions/artifact 5.0.1, the client upload-artifact v6.0.0 ships (its lockfile resolves ^5.0.0
// to 5.0.1), through the same round trip as 2.3.2 and 6.x.
describeArtifactClient("5.0.1");
