import { chmod, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runWorkflow } from "../src/run/index.ts";
import { fixturesDir } from "./helpers.ts";

const mock = { apiUrl: "http://127.0.0.1:9", resultsUrl: "http://127.0.0.1:9/", runtimeToken: "unused" };
// A push to main of the basics fixture; nothing here gets as far as a container.
const push = {
  image: "unused",
  repoDir: `${fixturesDir}/basics`,
  workflowFile: ".github/workflows/pass.yml",
  event: "push",
  ref: "refs/heads/main",
  sha: "a".repeat(40),
  mock,
} as const;

async function script(body: string): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), "fake-act-")), "act");
  await writeFile(file, `#!/bin/sh\n${body}\n`);
  await chmod(file, 0o755);
  return file;
}

// An act that fails before any job (or cannot start) must not read as "every job skipped".
describe("act failing before any job", () => {
  it("reports act's own messages instead of an all-skipped result", async () => {
    const act = await script(
      `echo '{"level":"info","msg":"Using docker host"}' ; echo 'Error: Could not find any stages to run' >&2 ; exit 1`,
    );
    const run = runWorkflow({ ...push, actPath: act });
    await expect(run).rejects.toMatchObject({
      code: "ACT_FAILED",
      message: "act exited with 1 before starting any job:\nUsing docker host\nError: Could not find any stages to run",
    });
  });

  it("says how to install act when the binary is missing", async () => {
    await expect(runWorkflow({ ...push, actPath: "/nonexistent/act" })).rejects.toMatchObject({
      code: "ACT_START_FAILED",
      remedy: expect.stringContaining("pnpm run toolchain"),
    });
  });
});

describe("stand-ins that are not ready", () => {
  it("stop the run before act with the directory and the build command", async () => {
    const empty = await mkdtemp(join(tmpdir(), "standin-empty-"));
    await expect(
      runWorkflow({
        ...push,
        actPath: "/nonexistent/act",
        repoDir: `${fixturesDir}/artifacts`,
        workflowFile: ".github/workflows/perf.yml",
        standIns: [
          "mamba-org/setup-micromamba@v2",
          "actions/setup-node@v4",
          "dawidd6/action-download-artifact@v3",
          "actions/download-artifact@v4",
          "actions/upload-artifact@v4",
        ].map((uses) => ({ uses, dir: empty })),
      }),
    ).rejects.toMatchObject({
      code: "STAND_IN_NOT_BUILT",
      message: expect.stringContaining(`mamba-org/setup-micromamba@v2: ${empty} has no action.yml`),
    });
  });
});
