import { execFile } from "node:child_process";
import { promises as fs, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PKG_DIR } from "./helpers.ts";

function run(cmd: string, args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // No GITHUB_* variables: this is a user's shell, not a runner.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("GITHUB_")));
    execFile(cmd, args, { cwd, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 99) : 0, stdout, stderr });
    });
  });
}

// The package as npm would publish it: packed, installed offline into an empty project, run by npx.
describe("npm package perfgate", () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await fs.rm(d, { recursive: true, force: true });
  });

  it("packs, installs offline into an empty project and runs as npx perfgate: --version, init, establish, check", async () => {
    const out = await fs.mkdtemp(path.join(os.tmpdir(), "perfgate-pack-"));
    const project = await fs.mkdtemp(path.join(os.tmpdir(), "perfgate-user-"));
    dirs.push(out, project);
    const packed = await run(process.execPath, ["pack.mjs", "--out", out], PKG_DIR);
    expect(packed.code, packed.stderr).toBe(0);
    const tgz = path.join(out, "perfgate-0.1.0.tgz");
    expect(statSync(tgz).isFile()).toBe(true);

    await fs.writeFile(path.join(project, "package.json"), '{"name":"my-app","version":"1.0.0","private":true}\n');
    const install = await run("npm", ["install", "--offline", "--no-audit", "--no-fund", tgz], project);
    expect(install.code, install.stderr).toBe(0);
    const installed = path.join(project, "node_modules", "perfgate");
    const manifest = JSON.parse(await fs.readFile(path.join(installed, "package.json"), "utf8"));
    expect(manifest).toMatchObject({ name: "perfgate", license: "MIT", engines: { node: ">=20" } });
    expect(manifest.dependencies).toBeUndefined();
    expect((await fs.readdir(path.join(installed, "dist"))).sort()).toEqual(["perfgate-artifact.cjs", "perfgate.cjs"]);
    // The file a user runs stays small; the artifact command's SDKs live in their own chunk.
    expect(statSync(path.join(installed, manifest.bin.perfgate)).size).toBeLessThanOrEqual(1024 * 1024);
    expect(await fs.readFile(path.join(installed, "README.md"), "utf8")).toContain("## Exit codes");

    const npx = (...args: string[]) => run("npx", ["--offline", "--no-install", "perfgate", ...args], project);
    const version = await npx("--version");
    expect(version.code, version.stderr).toBe(0);
    expect(version.stdout.trim()).toBe("0.1.0");

    const init = await npx("init");
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain("Wrote perfgate.config.json and .github/workflows/perfgate.yml.");
    const establish = await npx("establish", "--runs", "3");
    expect(establish.code, establish.stderr).toBe(0);
    expect(establish.stdout + establish.stderr).toMatch(
      /Baseline written to metrics\/baselines\/current_performance_baseline\.json/,
    );
    const check = await npx("check");
    expect(check.code, check.stdout + check.stderr).toBe(0);
    expect(check.stdout).toContain("No performance regression");

    // The lazily loaded chunk is there and works from the installed package.
    const artifactHelp = await npx("artifact", "--help");
    expect(artifactHelp.code, artifactHelp.stderr).toBe(0);
    expect(artifactHelp.stdout).toContain("download");
  }, 600_000); // npm install, three measuring runs: minutes on a loaded 2-core machine
});
