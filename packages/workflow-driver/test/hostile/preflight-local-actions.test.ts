import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fingerprint } from "@perfgate/cli-kit/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { preflight, runWorkflow } from "../../src/run/index.ts";

// Hostile `uses:` paths: a local action must stay inside the repository act copies into the
// container (act would otherwise read an action.yml, and run its code, from anywhere on the host).
// Each refusal: its error code, the step and path named, a remedy saying how to fix the path, and
// the repository (workflow, actions, the link) hashed the same before and after.
let repo: string;
let before: Record<string, string>;
beforeEach(async () => {
  repo = await mkdtemp(join(tmpdir(), "wd-hostile-"));
  await mkdir(join(repo, ".github", "workflows"), { recursive: true });
  await mkdir(join(repo, ".github", "actions", "ok"), { recursive: true });
  await writeFile(join(repo, ".github", "actions", "ok", "action.yml"), "runs: { using: node20, main: i.js }\n");
});
afterEach(async () => {
  expect(await fingerprint(repo)).toEqual(before); // nothing in the repository changed
  await rm(repo, { recursive: true, force: true });
});

async function workflowUsing(uses: string, where: "step" | "job" = "step"): Promise<string> {
  const body =
    where === "step"
      ? `jobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - name: Hostile step\n        uses: ${JSON.stringify(uses)}\n`
      : `jobs:\n  call:\n    uses: ${JSON.stringify(uses)}\n`;
  const file = join(repo, ".github", "workflows", "ci.yml");
  await writeFile(file, body);
  before = await fingerprint(repo);
  return file;
}

const literally = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
const outside = (uses: string, step = "Hostile step", why = "climbs out of the repository") => ({
  code: "LOCAL_ACTION_OUTSIDE_REPO",
  name: "PreflightError",
  message: expect.stringMatching(
    new RegExp(`^step '${literally(step)}' uses ${literally(uses)}, a local action path that ${why}`),
  ),
  remedy: expect.stringMatching(
    new RegExp(
      `^A local action must be a folder inside the repository \\(.+\\), e\\.g\\. uses: \\./\\.github/actions/my-action; fix the path in step '${literally(step)}'\\.$`,
    ),
  ),
});

describe("preflight refuses local actions outside the repository", () => {
  it("./../../../../etc (the reported reproduction), naming the step and the path", async () => {
    const file = await workflowUsing("./../../../../etc");
    await expect(preflight(file, { standIns: [], repoDir: repo })).rejects.toMatchObject(outside("./../../../../etc"));
  });

  it("./../../../../etc is refused by runWorkflow before act is started", async () => {
    await workflowUsing("./../../../../etc");
    const run = runWorkflow({
      actPath: "/nonexistent/act", // proves act is never started
      image: "none",
      repoDir: repo,
      workflowFile: ".github/workflows/ci.yml",
      event: "push",
      ref: "refs/heads/main",
      sha: "a".repeat(40),
      mock: { apiUrl: "http://127.0.0.1:9", resultsUrl: "http://127.0.0.1:9/", runtimeToken: "unused" },
    });
    await expect(run).rejects.toMatchObject(outside("./../../../../etc"));
  });

  it("a path that climbs out after descending: ./.github/../../outside", async () => {
    const file = await workflowUsing("./.github/../../outside");
    await expect(preflight(file, { standIns: [], repoDir: repo })).rejects.toMatchObject(
      outside("./.github/../../outside"),
    );
  });

  it("the repository's parent itself: ./..", async () => {
    const file = await workflowUsing("./..");
    await expect(preflight(file, { standIns: [], repoDir: repo })).rejects.toMatchObject(outside("./.."));
  });

  it("a reusable workflow call at job level: ./../other/.github/workflows/x.yml", async () => {
    const file = await workflowUsing("./../other/.github/workflows/x.yml", "job");
    await expect(preflight(file, { standIns: [], repoDir: repo })).rejects.toMatchObject(
      outside("./../other/.github/workflows/x.yml", "(job call)"),
    );
  });

  it("a symlink inside the repository that points outside it (/etc)", async () => {
    await symlink("/etc", join(repo, ".github", "actions", "escape"));
    const file = await workflowUsing("./.github/actions/escape");
    await expect(preflight(file, { standIns: [], repoDir: repo })).rejects.toMatchObject(
      outside("./.github/actions/escape", "Hostile step", "leads outside the repository through a link \\(to /etc\\)"),
    );
  });

  it("without repoDir, the repository is the folder holding .github/workflows", async () => {
    const file = await workflowUsing("./../../../../etc");
    await expect(preflight(file, { standIns: [] })).rejects.toMatchObject(outside("./../../../../etc"));
  });

  it("a backslash path .\\..\\..\\etc is not taken for a local action (refused as unmapped)", async () => {
    const file = await workflowUsing(".\\..\\..\\etc");
    await expect(preflight(file, { standIns: [], repoDir: repo })).rejects.toMatchObject({
      code: "UNMAPPED_ACTION",
      name: "PreflightError",
      message: expect.stringMatching(/^step 'Hostile step' uses \.\\\.\.\\\.\.\\etc, which cannot be fetched offline/),
      remedy: expect.stringMatching(/^Add a stand-in action directory for \.\\\.\.\\\.\.\\etc to standIns/),
    });
  });
});
