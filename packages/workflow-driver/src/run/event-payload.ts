/** Builds the event file act hands to the workflow as `github.event`, shaped like GitHub's. */

export interface EventContext {
  event: "push" | "pull_request" | "workflow_dispatch";
  repo: string;
  ref: string;
  sha: string;
  payload?: Record<string, unknown>;
}

const ZERO_SHA = "0".repeat(40);

export function branchOf(ref: string): string {
  return ref.replace(/^refs\/heads\//, "");
}

/** The ref the run reports as GITHUB_REF (`refs/pull/<n>/merge` for pull requests). */
export function githubRef(ctx: EventContext, event: Record<string, unknown>): string {
  if (ctx.event === "pull_request") return `refs/pull/${event.number}/merge`;
  return ctx.ref.startsWith("refs/") ? ctx.ref : `refs/heads/${ctx.ref}`;
}

export function buildEventPayload(ctx: EventContext): Record<string, unknown> {
  const [owner = "local", name = "repo"] = ctx.repo.split("/");
  const repository = { full_name: ctx.repo, name, owner: { login: owner }, default_branch: "main" };
  let base: Record<string, unknown>;
  if (ctx.event === "push") {
    const ref = ctx.ref.startsWith("refs/") ? ctx.ref : `refs/heads/${ctx.ref}`;
    base = { ref, before: ZERO_SHA, after: ctx.sha, head_commit: { id: ctx.sha }, repository };
  } else if (ctx.event === "pull_request") {
    base = {
      action: "synchronize",
      number: 1,
      pull_request: {
        number: 1,
        head: { ref: branchOf(ctx.ref), sha: ctx.sha, repo: { full_name: ctx.repo } },
        base: { ref: "main", repo: { full_name: ctx.repo } },
      },
      repository,
    };
  } else {
    base = { ref: ctx.ref.startsWith("refs/") ? ctx.ref : `refs/heads/${ctx.ref}`, inputs: {}, repository };
  }
  const merged = deepMerge(base, ctx.payload ?? {});
  // Keep the PR number in one place when a caller overrides only one of them.
  if (ctx.event === "pull_request") {
    const pr = merged.pull_request as Record<string, unknown>;
    if (ctx.payload && "number" in ctx.payload) pr.number = merged.number;
    else merged.number = pr.number;
  }
  return merged;
}

function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] = isPlain(prev) && isPlain(v) ? deepMerge(prev, v) : v;
  }
  return out;
}

const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
