import { readdir } from "node:fs/promises";
import { join } from "node:path";

/** The workflow files of a checkout (`.github/workflows/*.yml|yaml`), as GitHub lists a repository's workflows. */
export const listWorkflowFiles = async (repoDir: string): Promise<string[]> =>
  (await readdir(join(repoDir, ".github", "workflows")).catch(() => [] as string[]))
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
