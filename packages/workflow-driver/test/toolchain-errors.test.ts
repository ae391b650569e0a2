/**
 * Error paths of provisioning, with an injected environment: PATH without go/apt/dockerd,
 * fake tools that print another version or fail, a socket nobody listens on, a non-root uid.
 * Every failure must be a ToolchainError with a remedy and leave nothing half-installed.
 */
import { existsSync } from "node:fs";
import { cp, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { describe, expect, test } from "vitest";
import { ACT_VERSION, ensureAct } from "../src/toolchain/act.ts";
import { createContext, type ToolchainOptions } from "../src/toolchain/context.ts";
import { dockerClient, ensureDockerEngine } from "../src/toolchain/docker-engine.ts";
import { doctor } from "../src/toolchain/doctor.ts";
import { findRepoRoot, runnerRecipeDir } from "../src/toolchain/paths.ts";
import { ensureRunnerImage } from "../src/toolchain/runner-image.ts";
import { fakeBin, listDir, tempDir, toolchainError } from "./toolchain-helpers.ts";

const ROOT = 0;
const NOT_ROOT = 1000;

async function setup(scripts: Record<string, string> = {}, extra: Partial<ToolchainOptions> = {}) {
  const home = await tempDir("home");
  const bin = await fakeBin(scripts);
  const ctx = createContext({ home, env: { PATH: bin }, extraGoDirs: [], uid: ROOT, ...extra });
  return { home, bin, ctx, toolsDir: join(home, "tools") };
}

describe("act", () => {
  test("without Go it names what to install and installs nothing", async () => {
    const { ctx, toolsDir } = await setup();
    const err = await toolchainError(ensureAct(ctx));
    expect(err.code).toBe("GO_MISSING");
    expect(err.message).toContain(`act ${ACT_VERSION} is not installed`);
    expect(err.message).toContain("`go` was not found");
    expect(err.remedy).toMatch(/Install Go 1\.24 or newer.*golang-go/);
    expect(await listDir(toolsDir)).toEqual([]);
  });

  test("an act of another version on PATH is not used, and the error says so", async () => {
    const { ctx, bin, toolsDir, home } = await setup({ act: 'echo "act version 0.2.50"' });
    const err = await toolchainError(ensureAct(ctx));
    expect(err.code).toBe("GO_MISSING");
    expect(err.message).toContain(`The act at ${bin}/act (version 0.2.50) is not v${ACT_VERSION} and is not used.`);
    expect(await listDir(toolsDir)).toEqual([]);

    const report = await doctor({ home, env: { PATH: bin }, extraGoDirs: [] });
    const act = report.parts.find((p) => p.name === "act");
    expect(act?.status).toBe("missing");
    expect(act?.detail).toContain(`${bin}/act (version 0.2.50) is not v${ACT_VERSION} and is not used`);
    expect(report.parts.find((p) => p.name === "Go")).toMatchObject({ status: "missing", needed: true });
    expect(report.ok).toBe(false);
  });

  test("a failing go install leaves the tools folder as it was", async () => {
    const { ctx, toolsDir } = await setup({
      go: 'echo "go: github.com/nektos/act@v0.2.87: dial tcp: lookup proxy.golang.org: no such host" >&2; exit 1',
    });
    // A stale act of another version in the tools folder is not used either.
    await cp(join(await fakeBin({ act: 'echo "act version 0.2.60"' }), "act"), join(ctx.paths.toolsDir, "act"), {
      recursive: true,
    });
    const err = await toolchainError(ensureAct(ctx));
    expect(err.code).toBe("ACT_BUILD_FAILED");
    expect(err.message).toContain("failed (exit 1); nothing was installed");
    expect(err.message).toContain("no such host");
    expect(err.remedy).toContain("module proxy");
    expect(await listDir(toolsDir)).toEqual(["act"]);
  });

  test("a built binary of the wrong version is discarded", async () => {
    const { ctx, toolsDir } = await setup({
      go: 'printf \'#!/bin/sh\\necho "act version 0.2.50"\\n\' > "$GOBIN/act"; /bin/chmod +x "$GOBIN/act"',
    });
    const err = await toolchainError(ensureAct(ctx));
    expect(err.code).toBe("ACT_BUILD_FAILED");
    expect(err.message).toContain(`reports version 0.2.50, not ${ACT_VERSION}; it was discarded`);
    expect(await listDir(toolsDir)).toEqual([]);
  });

  test("a good build is moved into place, then reused without building again", async () => {
    const { ctx, home } = await setup({
      go: [
        'echo "$* GOBIN=$GOBIN CGO_ENABLED=$CGO_ENABLED" >> "$(/usr/bin/dirname "$0")/go-calls"',
        `printf '#!/bin/sh\\necho "act version ${ACT_VERSION}"\\n' > "$GOBIN/act"; /bin/chmod +x "$GOBIN/act"`,
      ].join("\n"),
    });
    const first = await ensureAct(ctx);
    expect(first).toEqual({ path: join(home, "tools", "act"), version: ACT_VERSION, built: true });
    const calls = (await readFile(join(ctx.env.PATH!, "go-calls"), "utf8")).trim().split("\n");
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatch(
      new RegExp(`^install github.com/nektos/act@v${ACT_VERSION} GOBIN=${home}/tools/\\.act-build-\\w+ CGO_ENABLED=0$`),
    );
    expect(await listDir(join(home, "tools"))).toEqual(["act"]);

    const second = await ensureAct(ctx);
    expect(second.built).toBe(false);
    expect((await readFile(join(ctx.env.PATH!, "go-calls"), "utf8")).trim().split("\n")).toHaveLength(1);
  });
});

describe("Docker engine", () => {
  test("not answering and not root: says how to start it", async () => {
    const home = await tempDir("home");
    const sock = join(home, "none.sock");
    const ctx = createContext({
      home,
      env: { PATH: "/usr/sbin:/usr/bin", DOCKER_HOST: `unix://${sock}` },
      uid: NOT_ROOT,
    });
    const err = await toolchainError(ensureDockerEngine(ctx));
    expect(err.code).toBe("NOT_ROOT");
    expect(err.message).toContain(`not answering at ${sock}`);
    expect(err.remedy).toContain("dockerd --bridge=none --iptables=false");
  });

  test("root without dockerd and without apt-get: names what to install", async () => {
    const { ctx, home } = await setup({}, {});
    ctx.env.DOCKER_HOST = `unix://${join(home, "none.sock")}`;
    const err = await toolchainError(ensureDockerEngine(ctx));
    expect(err.code).toBe("NO_APT");
    expect(err.message).toContain("docker.io");
    expect(err.message).toContain("apt-get was not found");
    expect(err.remedy).toContain("Install docker.io");
  });

  test("a dockerd that exits at once: the error carries the log tail", async () => {
    const { ctx, home } = await setup({
      dockerd:
        'echo "args: $*"; echo "failed to start daemon: pid file found, ensure docker is not running" >&2; exit 1',
    });
    const sock = join(home, "d.sock");
    ctx.env.DOCKER_HOST = `unix://${sock}`;
    const err = await toolchainError(ensureDockerEngine(ctx));
    expect(err.code).toBe("DOCKERD_START_FAILED");
    expect(err.message).toContain("pid file found");
    expect(err.message).toContain(`args: --bridge=none --iptables=false --host=unix://${sock}`);
    expect(err.remedy).toContain(join(home, "dockerd.log"));
  });

  test("a dockerd that never answers is stopped after the timeout", async () => {
    const { ctx, home, bin } = await setup(
      { dockerd: `echo $$ > "$(/usr/bin/dirname "$0")/pid"; echo "starting, never listening"; exec /bin/sleep 30` },
      { dockerdStartTimeoutMs: 1500 },
    );
    ctx.env.DOCKER_HOST = `unix://${join(home, "d.sock")}`;
    const err = await toolchainError(ensureDockerEngine(ctx));
    expect(err.code).toBe("DOCKERD_TIMEOUT");
    expect(err.message).toContain("did not answer");
    expect(err.message).toContain("starting, never listening");
    const pid = Number(await readFile(join(bin, "pid"), "utf8"));
    await expect.poll(() => isAlive(pid), { timeout: 5000 }).toBe(false);
  });

  test("a TCP DOCKER_HOST is refused with a remedy", async () => {
    const { ctx } = await setup();
    ctx.env.DOCKER_HOST = "tcp://127.0.0.1:2375";
    const err = await toolchainError(ensureDockerEngine(ctx));
    expect(err.code).toBe("UNSUPPORTED_DOCKER_HOST");
    expect(err.remedy).toContain("unix://");
  });
});

describe("runner image", () => {
  async function changedRecipe(): Promise<string> {
    const dir = await tempDir("recipe");
    await cp(runnerRecipeDir(), dir, { recursive: true });
    await writeFile(join(dir, "NOTE"), `makes a tag the engine does not have: ${Date.now()}\n`);
    return dir;
  }

  test("building needs root: clear error, nothing created", async () => {
    const { ctx } = await setup({}, { uid: NOT_ROOT, recipeDir: await changedRecipe() });
    const err = await toolchainError(ensureRunnerImage(ctx, dockerClient("/var/run/docker.sock")));
    expect(err.code).toBe("NOT_ROOT");
    expect(err.message).toMatch(/perfgate\/runner:[0-9a-f]{12} does not exist yet/);
    expect(err.remedy).toContain("as root");
    expect(existsSync(ctx.paths.runnerDir)).toBe(false);
  });

  test("root without debootstrap and without apt-get: names what to install", async () => {
    const { ctx } = await setup({}, { recipeDir: await changedRecipe() });
    const err = await toolchainError(ensureRunnerImage(ctx, dockerClient("/var/run/docker.sock")));
    expect(err.code).toBe("NO_APT");
    expect(err.message).toContain("debootstrap");
    expect(await listDir(ctx.paths.runnerDir)).toEqual([]);
  });
});

describe("doctor CLI", () => {
  test("exits non-zero with a remedy when the engine does not answer", async () => {
    const root = findRepoRoot();
    const res = await execa(
      join(root, "node_modules", ".bin", "tsx"),
      ["packages/workflow-driver/src/cli/toolchain-cli.ts", "doctor"],
      { cwd: root, reject: false, env: { DOCKER_HOST: `unix://${join(await tempDir("sock"), "none.sock")}` } },
    );
    expect(res.exitCode).toBe(1);
    expect(res.stdout).toMatch(/ERROR\s+Docker engine\s+not answering at/);
    expect(res.stdout).toContain("remedy: start it as root: `dockerd --bridge=none --iptables=false &`");
    expect(res.stdout).toContain("Not ready");
  });
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
