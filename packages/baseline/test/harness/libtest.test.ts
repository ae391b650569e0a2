import { describe, expect, it } from "vitest";
import { libtestAdapter as adapter } from "../../src/harness/adapters/libtest.ts";
import { expectOutputError, fixture } from "./fixtures.ts";
import { liveSuite } from "./live-suite.ts";
import { makeLibtestProject, removeSharedArtifacts } from "./projects/rust.ts";
import { ensureCargo } from "./tools.ts";

describe("libtest adapter: round command", () => {
  it("runs the run as it is (libtest has no time budget option) and reads stdout", () => {
    expect(adapter.roundCommand("cargo +nightly bench", { outFile: "/unused" })).toBe("cargo +nightly bench");
    expect(adapter.output).toBe("stdout");
  });
});

describe("libtest adapter: parse real output", () => {
  it("reads each #[bench]'s median with its decimals and thousands separators", () => {
    expect(adapter.parse(fixture("libtest", "round.txt"))).toEqual([
      { name: "checksum", ns: 53679.63 },
      { name: "word_count", ns: 330290.85 },
    ]);
  });

  it("fails a round in which a benchmark panicked, naming it", () => {
    expectOutputError(() => adapter.parse(fixture("libtest", "failed.txt")), /reads_input as FAILED/);
  });

  it("reads module paths and the criterion-style integer lines alike", () => {
    const text = "test parse::tests::small ... bench:         987 ns/iter (+/- 12)\n";
    expect(adapter.parse(text)).toEqual([{ name: "parse::tests::small", ns: 987 }]);
  });
});

describe("libtest adapter: output it cannot use", () => {
  it("says a run that selected no benchmark found none", () => {
    const none = "\nrunning 0 tests\n\ntest result: ok. 0 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out\n";
    const error = expectOutputError(() => adapter.parse(none), /expected libtest bench lines.*found none/);
    expect(error.remedy).toMatch(/running 0 tests/);
    expectOutputError(() => adapter.parse(""), /output is empty/);
  });

  it("does not read criterion's own report, only bench lines", () => {
    expectOutputError(() => adapter.parse(fixture("criterion", "own-format.txt")), /found none/);
  });

  it("rejects a zero time and a line with a control character in its name", () => {
    expectOutputError(() => adapter.parse("test empty ... bench:           0.00 ns/iter (+/- 0.00)\n"), /0 ns per/);
    const forged = "test a\u0007b ... bench: 5.00 ns/iter (+/- 0.10)\n";
    expectOutputError(() => adapter.parse(forged), /control character/);
  });
});

describe("libtest adapter: live, on a real crate", () => {
  liveSuite({
    adapter,
    make: async (dir, opts) => makeLibtestProject(dir, { ...opts, targetDir: (await ensureCargo()).targetDir }),
    slow: "checksum",
    cleanup: async (dirs) => {
      for (const dir of dirs) await removeSharedArtifacts(dir);
    },
  });
});
