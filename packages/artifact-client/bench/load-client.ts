/** The upload side's floor: a process that only loads @actions/artifact and makes its client. `load-client <result.json>` */
import { finish } from "./report.ts";

const [out] = process.argv.slice(2);
import("@actions/artifact").then(
  ({ DefaultArtifactClient }) => {
    new DefaultArtifactClient();
    finish(out!, {});
  },
  (err) => finish(out!, undefined, err),
);
