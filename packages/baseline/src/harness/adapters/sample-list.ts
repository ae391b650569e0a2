import { benchmarkNameProblem, CONTROL_CHARACTER_REASON } from "../../names.ts";
import { HarnessOutputError, type HarnessSample } from "../types.ts";

/**
 * The samples of one round, checked as they are added: a usable name, a real duration, no name
 * twice (perfgate pairs benchmarks across rounds by name, so two of one name cannot be told apart).
 */
export class SampleList {
  readonly #samples = new Map<string, number>();

  constructor(readonly title: string) {}

  /**
   * Add `name`'s time per iteration. `what` names the harness's field and `shown` its value as
   * written, for the message about a value that is not a real duration.
   */
  add(name: string, ns: number, what: string, shown = `${String(ns)} ns`): void {
    if (name.trim() === "")
      throw new HarnessOutputError(
        `${this.title} output has a benchmark with an empty name`,
        "give every benchmark a name; perfgate matches benchmarks across rounds by name",
      );
    const problem = benchmarkNameProblem(name);
    if (problem)
      throw new HarnessOutputError(
        `${this.title} benchmark name ${JSON.stringify(name.slice(0, 60))}${name.length > 60 ? "..." : ""} ${problem}; ${CONTROL_CHARACTER_REASON}`,
        "rename the benchmark (one line, no control characters, at most 256 characters)",
      );
    if (!(Number.isFinite(ns) && ns > 0))
      throw new HarnessOutputError(
        `${this.title} benchmark "${name}" has ${what} of ${shown}; a time per iteration must be a finite number above zero`,
        "make sure the benchmark does work the compiler or JIT cannot remove, then re-run; perfgate compares only real durations",
      );
    if (this.#samples.has(name))
      throw new HarnessOutputError(
        `${this.title} output has two benchmarks named "${name}"`,
        "give each benchmark a distinct name; perfgate matches benchmarks across rounds by name",
      );
    this.#samples.set(name, ns);
  }

  /** Every sample in the order added; a HarnessOutputError when there is none. */
  list(none: string, remedy: string): HarnessSample[] {
    if (this.#samples.size === 0) throw new HarnessOutputError(`${this.title} output ${none}`, remedy);
    return [...this.#samples].map(([name, ns]) => ({ name, ns }));
  }
}
