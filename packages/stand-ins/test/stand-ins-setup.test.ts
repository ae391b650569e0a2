import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { runStandIn, tempDir } from "./stand-in-harness.ts";

// Contract tests for the set-up stand-ins: inputs in, PATH/outputs and messages out.
describe("mamba-org/setup-micromamba@v2 stand-in", () => {
  it("checks the environment file, puts the image's python3 on PATH as python, and says so", async () => {
    const ws = await tempDir("ws-mamba-");
    await writeFile(join(ws, "environment.yml"), "name: bench_env\ndependencies:\n  - python=3.11\n  - numpy\n");
    const r = await runStandIn(
      "mamba-org/setup-micromamba@v2",
      { "environment-file": "environment.yml", "cache-environment": "true" },
      {},
      ws,
    );
    expect(r.exitCode, r.stdout).toBe(0);
    expect(r.stdout).toContain("Environment file environment.yml: 2 dependencies (python=3.11, numpy)");
    expect(r.commands).toHaveLength(1);
    expect(r.commands[0]?.message).toMatch(
      /micromamba and the packages of environment 'bench_env' are not installed; steps use the runner image's \S*python3 as python/,
    );
    expect(r.addedPath).toHaveLength(1);
    const python = await execa(join(r.addedPath[0]!, "python"), ["-c", "import sys; print(sys.version_info[0])"]);
    expect(python.stdout).toBe("3");
    // environment-path is an output (not an input), and <it>/bin/python is the python on PATH.
    expect(r.outputs).toEqual({ "environment-path": join(r.addedPath[0]!, "..") });
    const none = await runStandIn("mamba-org/setup-micromamba@v2", {}, {}, ws);
    expect([none.exitCode, none.outputs]).toEqual([0, {}]);
  });

  it("reads the environment file as YAML: flow lists, comments, a nested pip: list; invalid YAML is an error", async () => {
    const ws = await tempDir("ws-mamba-yaml-");
    await writeFile(
      join(ws, "environment.yml"),
      "# bench\nname: 'flow_env' # quoted\nchannels: [conda-forge]\ndependencies: [python=3.11, {pip: [pytest]}]\n",
    );
    const r = await runStandIn("mamba-org/setup-micromamba@v2", { "environment-file": "environment.yml" }, {}, ws);
    expect(r.exitCode, r.stdout).toBe(0);
    expect(r.stdout).toContain("Environment file environment.yml: 2 dependencies (python=3.11, pip)");
    expect(r.commands[0]?.message).toContain("environment 'flow_env'");
    await writeFile(join(ws, "environment.yml"), "name: [unclosed\n");
    const bad = await runStandIn("mamba-org/setup-micromamba@v2", { "environment-file": "environment.yml" }, {}, ws);
    expect(bad.exitCode).toBe(1);
    expect(bad.commands[0]?.message).toMatch(/^Environment file environment.yml is not valid YAML: /);
  });

  it("fails with a clear message when the environment file is missing", async () => {
    const ws = await tempDir("ws-mamba-missing-");
    const r = await runStandIn(
      "mamba-org/setup-micromamba@v2",
      { "environment-file": "environment.yml", "environment-name": "x" },
      {},
      ws,
    );
    expect(r.exitCode).toBe(1);
    expect(r.commands[0]?.message).toMatch(
      /^Environment file environment.yml does not exist \(looked at .*environment.yml\)\.$/,
    );
  });
});

describe("actions/setup-node@v4 stand-in", () => {
  it("accepts a version the image's Node satisfies and reports it as node-version", async () => {
    const ws = await tempDir("ws-node-");
    const major = process.versions.node.split(".")[0]!;
    const r = await runStandIn(
      "actions/setup-node@v4",
      { "node-version": `${major}.x`, "check-latest": "false" },
      {},
      ws,
    );
    expect(r.exitCode, r.stdout).toBe(0);
    expect(r.outputs).toEqual({ "node-version": process.version, "cache-hit": "false" });
    expect(r.stdout).toContain(`using the runner image's Node ${process.version}`);
  });

  it("refuses a version it cannot provide offline, and reads node-version-file", async () => {
    const ws = await tempDir("ws-node-old-");
    const r = await runStandIn("actions/setup-node@v4", { "node-version": "16" }, {}, ws);
    expect(r.exitCode).toBe(1);
    expect(r.commands[0]?.message).toMatch(
      /^Node 16 was requested, but it cannot be downloaded offline and the runner image has Node v\d+/,
    );
    await writeFile(join(ws, ".nvmrc"), "14\n");
    const f = await runStandIn("actions/setup-node@v4", { "node-version-file": ".nvmrc" }, {}, ws);
    expect(f.exitCode).toBe(1);
    expect(f.commands[0]?.message).toMatch(/^Node 14 was requested/);
  });
});
