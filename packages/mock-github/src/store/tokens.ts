import type { RunRecord } from "../state.ts";
import { issueRuntimeToken, verifyRuntimeToken } from "../signing.ts";
import type { Clock } from "./clock.ts";
import type { StateContext } from "./persistence.ts";

/** Runtime tokens (ACTIONS_RUNTIME_TOKEN): issued per run, mapped back to the run on each twirp call. */
export function createTokenAuth(ctx: StateContext, clock: Clock) {
  return {
    issue: (run: RunRecord): Promise<string> => issueRuntimeToken(ctx.state.secret, run, clock.now()),

    /** Maps a runtime token to its run; anything else is a reason to refuse. */
    async authenticateRuntimeToken(
      token: string,
    ): Promise<{ ok: true; run: RunRecord } | { ok: false; reason: string }> {
      const verified = await verifyRuntimeToken(ctx.state.secret, token, clock.now());
      if (!verified.ok) return verified;
      const run = ctx.state.runs.find((r) => r.backendId === verified.backendId);
      if (!run) return { ok: false, reason: "the token belongs to no registered run" };
      return { ok: true, run };
    },
  };
}
