import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

// The one CLI error contract (@perfgate/cli-kit), the CLI as its own process from its source:
// exit 2, `mock-github: error: …` + `  remedy: …`, with --json one line {"error":{code,message,remedy}}.
const pkgDir = path.join(import.meta.dirname, "..");
const run = (args: string[]) =>
  promisify(execFile)(process.execPath, ["--import", "tsx", "src/cli.ts", ...args], { cwd: pkgDir }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );

describe("mock-github: the CLI error contract", () => {
  it("an unknown option: exit 2, the two-line human format", async () => {
    const r = await run(["serve", "--prot", "1"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(
      /^mock-github: error: Unknown argument: prot\n {2}remedy: Run `pnpm mock-github --help`\.\n$/,
    );
  });

  it("--json: one JSON line {error:{code,message,remedy}} on stdout", async () => {
    const r = await run(["url", "--json"]);
    expect(r.code).toBe(2);
    expect(r.stdout.trim().split("\n")).toHaveLength(1);
    expect(JSON.parse(r.stdout)).toEqual({
      error: { code: "USAGE", message: "Missing required argument: state", remedy: "Run `pnpm mock-github --help`." },
    });
  });

  it("url for a directory no server owns: exit 1 (nothing found), not an error", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "mock-cli-"));
    try {
      const r = await run(["url", "--state", dir, "--json"]);
      expect(r.code).toBe(1);
      expect(JSON.parse(r.stdout)).toEqual({ url: null });
      expect(r.stderr).toContain("start one with `pnpm mock-github serve");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
