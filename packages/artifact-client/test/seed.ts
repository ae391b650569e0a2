import type { MockStore } from "@perfgate/mock-github";
import { makeZip } from "./zips.ts";

let seq = 0;

/** A completed run of `ci.yml` in the mock, optionally with artifacts (bytes as given). */
export async function seedRun(
  store: MockStore,
  opts: {
    repo: string;
    branch?: string;
    event?: string;
    conclusion?: "success" | "failure" | "cancelled" | null;
    artifacts?: Record<string, Buffer>;
  },
): Promise<{ runId: number; artifactIds: Record<string, number> }> {
  const { run } = await store.registerRun({
    repo: opts.repo,
    workflow: "ci.yml",
    branch: opts.branch ?? "main",
    event: opts.event ?? "push",
    sha: (++seq).toString(16).padStart(40, "0"),
  });
  const artifactIds: Record<string, number> = {};
  for (const [name, content] of Object.entries(opts.artifacts ?? {})) {
    artifactIds[name] = (await store.addArtifact({ runId: run.id, name, content })).id;
  }
  if (opts.conclusion !== null) store.completeRun(run.id, opts.conclusion ?? "success");
  return { runId: run.id, artifactIds };
}

export const baselineZip = (marker: string) =>
  makeZip([{ name: "metrics/baselines/current_performance_baseline.json", content: JSON.stringify({ marker }) }]);
