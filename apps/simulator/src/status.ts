import { createMockClient, readStateDirOwner } from "@perfgate/mock-github";
import { latestUsableBaseline } from "./baseline-store.ts";
import { openMockSession, type StoreSnapshot } from "./mock-session.ts";
import { ensureStateDirs, stateLayout } from "./state-dir.ts";

export interface StatusView extends StoreSnapshot {
  stateDir: string;
  /** The artifact a PR would use now, if any. */
  usableBaselineArtifactId: number | null;
}

/** The store's runs and artifacts, read from the live simulator if one owns the state dir. */
export async function readStatus(stateDir: string): Promise<StatusView> {
  const layout = stateLayout(stateDir);
  const owner = readStateDirOwner(layout.mockDir);
  if (owner?.url) {
    const snapshot = await createMockClient(owner.url).state();
    return { stateDir: layout.root, ...snapshot, usableBaselineArtifactId: null };
  }
  await ensureStateDirs(layout);
  const mock = await openMockSession(layout);
  try {
    const snapshot = await mock.state();
    const usable = await latestUsableBaseline(mock).catch(() => null);
    return { stateDir: layout.root, ...snapshot, usableBaselineArtifactId: usable?.artifactId ?? null };
  } finally {
    await mock.close();
  }
}

export function formatStatus(s: StatusView): string {
  const out = [`state dir ${s.stateDir}`, "", `runs (${s.runs.length}):`];
  for (const r of s.runs) {
    out.push(
      `  #${r.id}  ${r.event.padEnd(12)} ${r.branch.padEnd(26)} ${r.sha.slice(0, 7)}  ${r.status}${r.conclusion ? `/${r.conclusion}` : ""}  ${r.createdAt}`,
    );
  }
  // Every workflow file GitHub knows, with its run count: one that never ran lists 0 runs.
  out.push("", `workflows (${s.workflows.length}):`);
  for (const w of s.workflows) {
    const runs = s.runs.filter((r) => r.repo === w.repo && r.workflow === w.file).length;
    out.push(`  ${w.repo}  ${w.path.padEnd(44)} ${runs} run${runs === 1 ? "" : "s"}`);
  }
  out.push("", `artifacts (${s.artifacts.length}):`);
  for (const a of s.artifacts) {
    out.push(
      `  #${a.id}  ${a.name.padEnd(32)} run #${a.runId}  ${String(a.sizeInBytes).padStart(7)} B  ${a.expired ? "EXPIRED" : `expires ${a.expiresAt}`}${a.id === s.usableBaselineArtifactId ? "  <- baseline a PR would use" : ""}`,
    );
  }
  if (s.runs.length === 0) out.push("", "The store is empty: `pnpm simulate main` publishes a baseline.");
  else if (s.usableBaselineArtifactId === null)
    out.push("", "No usable baseline from main: a PR would establish a temporary one.");
  return out.join("\n");
}
