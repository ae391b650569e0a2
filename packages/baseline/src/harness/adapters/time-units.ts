import { HarnessOutputError } from "../types.ts";

/** Nanoseconds in one of each unit harnesses write (JMH's own abbreviations included). */
const NS_PER: Record<string, number> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  μs: 1e3,
  ms: 1e6,
  s: 1e9,
  min: 60e9,
  hr: 3600e9,
  day: 86400e9,
};

/** Whether `unit` is a time unit perfgate reads. */
export function isTimeUnit(unit: string): boolean {
  return Object.hasOwn(NS_PER, unit);
}

/** Nanoseconds per `unit`, or a HarnessOutputError naming the benchmark whose unit is unknown. */
export function nsPerUnit(unit: string, title: string, benchmark: string): number {
  const factor = Object.hasOwn(NS_PER, unit) ? NS_PER[unit] : undefined;
  if (factor === undefined)
    throw new HarnessOutputError(
      `${title} benchmark "${benchmark}" is in an unknown time unit ${JSON.stringify(unit)}; perfgate reads ${Object.keys(NS_PER).join(", ")}`,
      "report times in one of those units (the harness's default unit always works)",
    );
  return factor;
}
