import { describe, expect, it } from "vitest";
import { criterionAdapter as adapter } from "../../src/harness/adapters/criterion.ts";
import { expectOutputError, fixture } from "./fixtures.ts";
import { liveSuite } from "./live-suite.ts";
import { makeCriterionProject, removeSharedArtifacts } from "./projects/rust.ts";
import { ensureCargo, exec } from "./tools.ts";

const OPTIONS =
  "--output-format bencher --warm-up-time 0.1 --measurement-time 0.2 --sample-size 10 --nresamples 1000 --noplot --discard-baseline";

describe("criterion adapter: round command", () => {
  it("passes criterion's options to the bench targets after --", () => {
    expect(adapter.roundCommand("cargo bench --bench '*'", { outFile: "/unused" })).toBe(
      `cargo bench --bench '*' -- ${OPTIONS}`,
    );
    expect(adapter.output).toBe("stdout");
  });

  it("puts them after the run's own -- (a filter), without a second --", () => {
    expect(adapter.roundCommand("cargo bench --bench parse -- json", { outFile: "/unused" })).toBe(
      `cargo bench --bench parse -- json ${OPTIONS}`,
    );
  });

  it("leaves an option the run already passes to the run (criterion refuses one given twice)", () => {
    const cmd = adapter.roundCommand("cargo bench -- --sample-size=50 --measurement-time 3", { outFile: "/unused" });
    expect(cmd).toBe(
      "cargo bench -- --sample-size=50 --measurement-time 3 --output-format bencher --warm-up-time 0.1 --nresamples 1000 --noplot --discard-baseline",
    );
  });
});

describe("criterion adapter: parse real output", () => {
  it("reads the bencher lines' median in nanoseconds, group names included", () => {
    const samples = adapter.parse(fixture("criterion", "round.txt"));
    expect(samples).toEqual([
      { name: "checksum", ns: 53847 },
      { name: "text/word_count", ns: 486542 },
    ]);
  });

  it("keeps spaces inside benchmark ids", () => {
    expect(adapter.parse(fixture("criterion", "names-with-spaces.txt"))).toEqual([
      { name: "fib", ns: 16976 },
      { name: "squares/sum 1000", ns: 2 },
    ]);
  });

  it("says the bencher option did not arrive when criterion printed its own report", () => {
    const error = expectOutputError(
      () => adapter.parse(fixture("criterion", "own-format.txt")),
      /criterion printed its own report.*--output-format bencher option did not reach it/,
    );
    expect(error.remedy).toMatch(/cargo bench --bench '\*'/);
  });
});

describe("criterion adapter: output it cannot use", () => {
  it("rejects empty and foreign output, saying what it expected", () => {
    expectOutputError(() => adapter.parse(""), /expected criterion's bencher lines.*output is empty/);
    expectOutputError(() => adapter.parse(fixture("go", "round.txt")), /found none in the output starting with "goos/);
  });

  it("rejects a time of zero, a unit that is not a time, and the same id twice", () => {
    expectOutputError(() => adapter.parse("test tiny ... bench:           0 ns/iter (+/- 0)\n"), /0 ns per iteration/);
    const cycles = "test hash ... bench:       1,234 cycles/iter (+/- 5)\n";
    expectOutputError(() => adapter.parse(cycles), /"hash" in cycles\/iter/);
    const twice = "test a ... bench: 10 ns/iter (+/- 1)\ntest a ... bench: 11 ns/iter (+/- 1)\n";
    expectOutputError(() => adapter.parse(twice), /"a" more than once/);
  });

  it("fails a round in which a benchmark failed", () => {
    expectOutputError(() => adapter.parse("test broken ... FAILED\n"), /broken as FAILED/);
  });
});

describe("criterion adapter: live, on a real crate", () => {
  let targetDir = "";
  liveSuite({
    adapter,
    make: async (dir, opts) => {
      targetDir = (await ensureCargo()).targetDir;
      return makeCriterionProject(dir, { ...opts, targetDir });
    },
    slow: "text/word_count",
    // Compile both crates before timing; the first build of criterion takes a minute or two.
    prepare: async (dirs) => {
      for (const dir of dirs) {
        const built = await exec("cargo", ["bench", "--no-run", "--bench", "*"], { cwd: dir, timeoutMs: 900_000 });
        if (built.code !== 0) throw new Error(`cargo bench --no-run failed in ${dir}:\n${built.stderr.slice(-3000)}`);
      }
    },
    setupTimeoutMs: 900_000,
    cleanup: async (dirs) => {
      for (const dir of dirs) await removeSharedArtifacts(dir);
    },
  });
});
