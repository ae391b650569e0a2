export type FaultKind = "500" | "429" | "reset";
export type QueuedFault = { kind: FaultKind; remaining: number };

/** Injected failures for the next N non-control requests; in memory only. */
export function createFaultQueue() {
  const faults: QueuedFault[] = [];
  return {
    addFaults(count: number, kind: FaultKind): void {
      faults.push({ kind, remaining: count });
    },
    /** The faults still queued, in the order they will strike. */
    listFaults: (): QueuedFault[] => faults.map((f) => ({ ...f })),
    /** Empties the queue (so one client's faults do not strike the next); returns how many were queued. */
    clearFaults(): number {
      const cleared = faults.reduce((n, f) => n + f.remaining, 0);
      faults.length = 0;
      return cleared;
    },
    /** The fault, if any, that the next non-control request must suffer. */
    takeFault(): FaultKind | undefined {
      const next = faults[0];
      if (!next) return undefined;
      next.remaining -= 1;
      if (next.remaining <= 0) faults.shift();
      return next.kind;
    },
  };
}
