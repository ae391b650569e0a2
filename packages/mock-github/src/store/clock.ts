import type { StateContext } from "./persistence.ts";

/** The mock's clock: real time, or frozen (persisted) for deterministic expiry. */
export type Clock = ReturnType<typeof createClock>;

export function createClock(ctx: StateContext) {
  const now = (): Date => (ctx.state.fixedNow ? new Date(ctx.state.fixedNow) : new Date());
  return {
    now,
    iso: (): string => now().toISOString(),
    /** Freezes the clock (tests, stale/expired scenarios); null returns to real time. */
    setNow(value: Date | string | null): void {
      ctx.state.fixedNow = value === null ? null : new Date(value).toISOString();
      ctx.save();
    },
  };
}
