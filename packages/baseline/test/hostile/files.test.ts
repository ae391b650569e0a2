import { execFileSync } from "node:child_process";
import { promises as fs } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BASELINE_REL, baselineDoc, removeTempProjects, tempProject } from "../helpers.ts";
import { expectOutcome, expectRefused } from "./harness.ts";

// Item 7 (files): every file the CLI reads must be a regular file under a size cap; a FIFO used to
// hang forever and /dev/zero grew to 4.7 GB. Item 19: a BOM and 1e999 used to give misleading messages.
const SAMPLES = [10, 10.2, 9.9, 10.1, 10.05];
const CONFIG = JSON.stringify({ benchmarks: [{ name: "quick", command: "true" }] });
const doc = () => JSON.stringify(baselineDoc({ quick: SAMPLES }));

async function withFifo(name: string, files: Record<string, string> = {}): Promise<string> {
  const dir = await tempProject({ "perfgate.config.json": CONFIG, "a.json": doc(), ...files });
  execFileSync("mkfifo", [path.join(dir, name)]);
  return dir;
}

const notRegular = /pass the path of a baseline JSON file; perfgate does not read pipes or devices/;

afterAll(removeTempProjects);

describe("hostile files: refused before reading, never a hang", () => {
  it("validate of a FIFO", async () => {
    const dir = await withFifo("pipe.json");
    await expectRefused(dir, ["validate", "pipe.json"], {
      code: 2,
      message: /baseline file pipe\.json is not a regular file \(it is a FIFO \(named pipe\)\)/,
      remedy: notRegular,
    });
  });

  it("validate /dev/zero (never ends)", async () => {
    const dir = await tempProject({});
    await expectRefused(dir, ["validate", "/dev/zero"], {
      code: 2,
      message: /baseline file \/dev\/zero is not a regular file \(it is a character device\)/,
      remedy: notRegular,
    });
  });

  it("compare --current side a FIFO", async () => {
    const dir = await withFifo("cur.json");
    await expectRefused(dir, ["compare", "a.json", "cur.json"], {
      code: 2,
      message: /baseline file cur\.json is not a regular file/,
      remedy: notRegular,
    });
  });

  it("check --current a FIFO", async () => {
    const dir = await withFifo("cur.json", { [BASELINE_REL]: doc() });
    await expectRefused(dir, ["check", "--current", "cur.json"], {
      code: 2,
      message: /cur\.json is not a regular file/,
      remedy: notRegular,
    });
  });

  it("a baseline larger than the cap (sparse, so the test writes nothing big)", async () => {
    const dir = await tempProject({ "a.json": doc() });
    const big = await fs.open(path.join(dir, "big.json"), "w");
    await big.truncate(65 * 1024 * 1024);
    await big.close();
    await expectRefused(dir, ["compare", "big.json", "a.json"], {
      code: 2,
      message: /baseline file big\.json is 65\.0 MiB, more than the 64\.0 MiB perfgate reads/,
      remedy: /check it is the right file .*; to read a larger one set PERFGATE_MAX_INPUT_BYTES=<bytes>/,
    });
  });

  it("the cap can be lowered and is then enforced", async () => {
    const dir = await tempProject({ "a.json": doc() });
    await expectRefused(dir, ["validate", "a.json"], {
      code: 2,
      message: /is \d+(\.\d)? (bytes|KiB), more than the 100 bytes perfgate reads/,
      remedy: /check it is the right file .*; to read a larger one set PERFGATE_MAX_INPUT_BYTES=<bytes>/,
      env: { PERFGATE_MAX_INPUT_BYTES: "100" },
    });
  });

  it("perfgate.config.json that is a FIFO", async () => {
    const dir = await tempProject({ [BASELINE_REL]: doc() });
    execFileSync("mkfifo", [path.join(dir, "perfgate.config.json")]);
    await expectRefused(dir, ["check"], {
      code: 2,
      message: /config .*perfgate\.config\.json is not a regular file \(it is a FIFO/,
      remedy: /make perfgate\.config\.\w+ a plain file/,
    });
  });

  it("perfgate.config.mjs that is a FIFO (imported, not read: still refused)", async () => {
    const dir = await tempProject({ [BASELINE_REL]: doc() });
    execFileSync("mkfifo", [path.join(dir, "perfgate.config.mjs")]);
    await expectRefused(dir, ["establish"], {
      code: 2,
      message: /config .*perfgate\.config\.mjs is not a regular file/,
      remedy: /make perfgate\.config\.\w+ a plain file/,
    });
  });

  it("perfgate.config.json that is a directory", async () => {
    const dir = await tempProject({ [BASELINE_REL]: doc(), "perfgate.config.json/keep": "x" });
    await expectRefused(dir, ["establish"], {
      code: 2,
      message: /config .*perfgate\.config\.json is a directory/,
      remedy: /make perfgate\.config\.\w+ a plain file/,
    });
  });

  it("import of a FIFO and of /dev/zero", async () => {
    const dir = await withFifo("in.json");
    await expectRefused(dir, ["import", "--format", "hyperfine", "in.json", "--out", "o.json"], {
      code: 2,
      message: /in\.json is not a regular file \(it is a FIFO/,
      remedy: /plain file, not a pipe or device/,
    });
    await expectRefused(dir, ["import", "--format", "hyperfine", "/dev/zero", "--out", "o.json"], {
      code: 2,
      message: /\/dev\/zero is not a regular file \(it is a character device\)/,
      remedy: /not a pipe or device/,
    });
  });

  it("a baseline path through a file (-C is fine, the path is not)", async () => {
    const dir = await tempProject({ "a.json": doc() });
    await expectRefused(dir, ["compare", "a.json/inner.json", "a.json"], {
      code: 2,
      message: /baseline file a\.json\/inner\.json cannot exist: a folder on its path is a file/,
      remedy: /check the path/,
    });
  });

  it("1e999 says the number is out of range (it used to say 'found null')", async () => {
    const text = doc().replace('"samples":[10,', '"samples":[1e999,');
    const dir = await tempProject({ "a.json": text });
    const r = await expectRefused(dir, ["validate", "a.json"], {
      code: 2,
      message: /baseline file a\.json contains the number 1e999 at line 1, column \d+, which is out of range/,
      remedy: /re-create it with `perfgate establish`/,
    });
    expect(r.output).not.toMatch(/found null/);
  });
});

describe("hostile files that are accepted, with a warning where it matters", () => {
  it("a UTF-8 byte-order mark (PowerShell writes one) is read as JSON", async () => {
    const dir = await tempProject({ "a.json": `\uFEFF${doc()}` });
    const r = await expectOutcome(dir, ["validate", "a.json"], {
      code: 0,
      says: /^valid perfgate baseline a\.json: schema version 1, 1 benchmark\(s\) \(quick\)/,
    });
    expect(r.output).not.toMatch(/Unexpected token|warning/);
  });

  it("a createdAt in the future gets a warning (validate and compare)", async () => {
    const future = JSON.stringify(baselineDoc({ quick: SAMPLES }, { createdAt: "2999-01-01T00:00:00.000Z" }));
    const dir = await tempProject({ "f.json": future, "a.json": doc() });
    const expected = {
      code: 0,
      says: /warning: (baseline: )?createdAt 2999-01-01T00:00:00\.000Z is \d+ days in the future: the clock .* is wrong, or the file was edited/,
      remedy: /set the clock right and write the baseline again \(perfgate establish\)/,
    };
    await expectOutcome(dir, ["validate", "f.json"], expected);
    const c = await expectOutcome(dir, ["compare", "f.json", "a.json", "--json"], expected);
    expect(JSON.parse(c.stdout).warnings.join("\n")).toMatch(/baseline: createdAt 2999-01-01.* in the future/);
  });

  it("a summary that disagrees with the samples is recomputed, with a warning", async () => {
    const lying = baselineDoc({ quick: SAMPLES });
    (lying.benchmarks[0]!.summary as { median: number }).median = 1;
    const dir = await tempProject({ "l.json": JSON.stringify(lying) });
    // The file itself is not rewritten (the harness compares every file before and after).
    const v = await expectOutcome(dir, ["validate", "l.json", "--json"], {
      code: 0,
      says: /benchmark quick: its summary does not match its 5 samples \(median 1 \(samples give 10\.05\)\); recomputed/,
      remedy: /let perfgate write the file \(establish or import\) instead of editing it/,
    });
    const out = JSON.parse(v.stdout);
    expect(out.benchmarks[0].median).toBe(10.05);
    expect(out.warnings).toHaveLength(1);
  });
});

describe("perfgate init reads what it detects as every other read does", () => {
  const bench = { "bench/fast.bench.mjs": "export function fast(){ return 1 }\n" };

  it("init --dry-run with a package.json that is a FIFO: skipped with a warning, not a hang", async () => {
    const dir = await tempProject(bench);
    execFileSync("mkfifo", [path.join(dir, "package.json")]);
    const r = await expectOutcome(dir, ["init", "--dry-run"], {
      code: 0,
      says: /^⚠ warning: package\.json is not a regular file \(it is a FIFO \(named pipe\)\): init skipped it/,
      remedy: /make it a regular file \(or move it away\) and run init again$/,
      timeoutMs: 20_000, // it used to wait for a writer forever
    });
    expect(r.stdout).toMatch(/benchmark file bench\/fast\.bench\.mjs -> benchmark "bench\/fast"/);
  });

  it("any command beside a package.json that is a FIFO (yargs reads it at start-up): no hang", async () => {
    const dir = await tempProject({ "a.json": doc() });
    execFileSync("mkfifo", [path.join(dir, "package.json")]);
    await expectOutcome(dir, ["validate", "a.json"], {
      code: 0,
      says: /^valid perfgate baseline a\.json/,
      timeoutMs: 20_000,
    });
  });

  it("init --dry-run with a package.json over the size cap (sparse): skipped with a warning", async () => {
    const dir = await tempProject(bench);
    const big = await fs.open(path.join(dir, "package.json"), "w");
    await big.truncate(65 * 1024 * 1024);
    await big.close();
    const r = await expectOutcome(dir, ["init", "--dry-run", "--json"], {
      code: 0,
      says: /^⚠ warning: package\.json is 65\.0 MiB, more than the 64\.0 MiB perfgate reads: init skipped it/,
      remedy: /make it smaller \(or raise PERFGATE_MAX_INPUT_BYTES\) and run init again$/,
      timeoutMs: 20_000,
    });
    const doc = JSON.parse(r.stdout);
    expect(doc.warnings).toEqual([expect.stringMatching(/^package\.json is 65\.0 MiB/)]);
    expect(doc.detected.map((d: { found: string }) => d.found)).toEqual(["benchmark file bench/fast.bench.mjs"]);
  });
});
