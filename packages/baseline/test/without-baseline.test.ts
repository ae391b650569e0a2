import { promises as fs } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { commitAll, git, removeTempProjects, tempProject } from "./helpers.ts";
import { expectOutcome, expectRefused } from "./hostile/harness.ts";

// When main's baseline cannot be had (GitHub down, the artifact gone), the PR's base commit is
// still in the clone: measured beside the PR in this job, it gives a real verdict with no file.

afterAll(removeTempProjects);

const CONFIG = {
  samplesPerRun: 6,
  benchmarks: [
    { name: "steady", command: "sh steady.sh" },
    { name: "work", command: "sh work.sh" },
  ],
};

async function repo(): Promise<string> {
  const dir = await tempProject({
    "perfgate.config.json": JSON.stringify(CONFIG),
    "steady.sh": "sleep 0.05\n",
    "work.sh": "sleep 0.05\n",
  });
  await commitAll(dir, "main");
  await git(dir, "checkout", "-q", "-b", "feature");
  return dir;
}

describe("check --without-baseline --base REF", () => {
  it("a PR that slows one benchmark: exit 1 naming it, no baseline file read or written", async () => {
    const dir = await repo();
    await fs.writeFile(path.join(dir, "work.sh"), "sleep 0.1\n");
    await commitAll(dir, "slower work");
    const r = await expectOutcome(
      dir,
      ["check", "--without-baseline", "--base", "main", "--runs", "2", "--no-reports", "--json"],
      { code: 1, says: /paired mode: measuring base [0-9a-f]{12} \(main\)/ },
    );
    const doc = JSON.parse(r.stdout);
    expect(doc.regressed).toEqual(["work"]);
    expect(doc.mode).toMatchObject({ kind: "paired", baseRef: "main" });
    expect(doc.baseline.path).toBe("base commit main (measured in this job)");
  });

  it("an unchanged PR passes", async () => {
    const dir = await repo();
    await git(dir, "commit", "-q", "--allow-empty", "-m", "docs only");
    const r = await expectOutcome(
      dir,
      ["check", "--without-baseline", "--base", "main", "--runs", "1", "--no-reports", "--json"],
      { code: 0, says: /paired mode: measuring base/ },
    );
    expect(JSON.parse(r.stdout).regressed).toEqual([]);
  });

  it("without --base: exit 2 saying what it needs", async () => {
    const dir = await repo();
    await expectRefused(dir, ["check", "--without-baseline", "--no-reports"], {
      code: 2,
      message: /--without-baseline: it needs --base REF/,
      remedy: /perfgate check --without-baseline --base origin\/main/,
    });
  });

  it("a base equal to this clean tree's commit: exit 2, never an empty pass", async () => {
    const dir = await repo();
    await expectRefused(dir, ["check", "--without-baseline", "--base", "HEAD", "--no-reports"], {
      code: 2,
      message:
        /--without-baseline needs the base commit measured beside this tree, but the base commit [0-9a-f]{12} is this tree's own commit/,
      remedy: /measure the commit your change starts from/,
    });
  });
});
