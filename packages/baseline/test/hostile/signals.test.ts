import { afterAll, describe, expect, it } from "vitest";
import { BASELINE_REL, removeTempProjects, tempProject } from "../helpers.ts";
import type { Leftover } from "../leftovers.ts";
import { cpuMs, fingerprint, type Stopped, signalMidRun } from "./harness.ts";

// "No process of ours outlives perfgate": a signal to perfgate (Ctrl-C, a CI cancel, the terminal
// closing) used to leave the benchmark's process group running under PID 1 (`sh -c sleep 611` and
// `sleep 611`; a module worker in `for(;;){}` at full CPU): the groups are detached, so the
// signal never reached them, and the clean-up hung on "exit", which a death by a signal skips.

const KEEP = JSON.stringify({ keep: true });
const EXIT_CODE = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;

afterAll(removeTempProjects);

/** perfgate exited 128 + the signal's number, said why and what to do, and left nothing running or changed. */
function expectStopped(s: Stopped, signal: keyof typeof EXIT_CODE, before: Record<string, string>, after: object) {
  expect(s.result.code, s.result.output).toBe(EXIT_CODE[signal]);
  expect(s.left, `still running after perfgate exited\n${s.result.output}`).toEqual([]);
  const errors = s.result.stderr.split("\n").filter((l) => l.startsWith("perfgate: error:"));
  expect(errors, s.result.output).toEqual([
    `perfgate: error: stopped by ${signal} before it finished; the 1 process group(s) it had started were killed`,
  ]);
  expect(s.result.stderr).toMatch(
    /^ {2}remedy: run the command again and let it finish: a stopped run decides nothing$/m,
  );
  expect(after).toEqual(before);
}

const sleeping = (started: Leftover[]) => started.some((p) => p.command === "sleep 611");

describe("a signal to perfgate mid-command stops the command's whole group", () => {
  for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"] as const) {
    it(`${signal} during establish of {"command":"sleep 611"}: exit ${EXIT_CODE[signal]}, no sh or sleep left`, async () => {
      const dir = await tempProject({
        "perfgate.config.json": JSON.stringify({ benchmarks: [{ name: "long", command: "sleep 611" }] }),
        [BASELINE_REL]: KEEP,
      });
      const before = await fingerprint(dir);
      const s = await signalMidRun(dir, ["establish", "--runs", "1"], signal, sleeping);
      // What the check looks for was there: the shell and its sleep.
      expect(s.running.map((p) => p.command).sort()).toEqual(["/bin/sh -c sleep 611", "sleep 611"]);
      expectStopped(s, signal, before, await fingerprint(dir));
    });
  }
});

describe("a signal to perfgate mid-module-benchmark stops the spinning worker", () => {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    it(`${signal} while a module benchmark runs for(;;){} (timeoutMs 600000): exit ${EXIT_CODE[signal]}, no worker left`, async () => {
      const dir = await tempProject({
        "perfgate.config.json": JSON.stringify({
          samplesPerRun: 3,
          moduleTimeMs: 20,
          benchmarks: [{ name: "spin", module: "bench/b.mjs", export: "spin", timeoutMs: 600_000 }],
        }),
        "bench/b.mjs": "export function spin(){ for(;;){} }\n",
        [BASELINE_REL]: KEEP,
      });
      const before = await fingerprint(dir);
      // The worker has burnt 300 ms of CPU: it is in the loop, where no message or event reaches it.
      const spinning = (started: Leftover[]) => started.some((p) => cpuMs(p.pid) >= 300);
      const s = await signalMidRun(dir, ["establish", "--runs", "1"], signal, spinning);
      expect(s.running).toHaveLength(1);
      expectStopped(s, signal, before, await fingerprint(dir));
    });
  }
});
