import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { startMockServer } from "@perfgate/mock-github";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Mock, mockStep } from "./mock-step.ts";
import { sampleProject } from "./run-action.ts";

// main's baseline holds `work` and `steady`; an ordinary PR adds, renames or removes benchmarks.
describe("perfgate action on a PR that changes the set of benchmarks", () => {
  let mock: Mock;
  let dir: string;

  beforeAll(async () => {
    mock = await startMockServer();
    dir = await sampleProject();
    const main = await mockStep(mock, dir, { event: "push", branch: "main" });
    expect(main.exitCode, main.stdout + main.stderr).toBe(0);
  });
  afterAll(async () => {
    await mock?.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function edit(replace: (src: string) => string): Promise<void> {
    const file = path.join(dir, "bench.js");
    await writeFile(file, replace(await readFile(file, "utf8")));
    await rm(path.join(dir, "metrics"), { recursive: true, force: true });
  }

  it("a PR that adds a benchmark passes; the new one is reported", async () => {
    await edit(
      (s) => `${s}export function extra() { let s = 0; for (let i = 0; i < 20000; i++) s += i % 3; return s; }\n`,
    );
    const res = await mockStep(mock, dir, { event: "pull_request", branch: "feature/add" });
    expect(res.exitCode, res.stdout + res.stderr).toBe(0);
    expect(res.outputs).toMatchObject({ status: "passed", regressed: "" });
    expect(res.stdout).toMatch(/::warning title=Performance new%3A extra::/);
    expect(res.stdout).toMatch(
      /::notice title=perfgate::New benchmarks, not compared \(nothing to compare with yet\): extra/,
    );
  });

  it("a PR that renames a benchmark passes with it new and missing; strict-benchmarks: true fails it", async () => {
    await edit((s) =>
      s.replace(/export function extra[^\n]*\n/, "").replace("function steady()", "function steadier()"),
    );
    const res = await mockStep(mock, dir, { event: "pull_request", branch: "feature/rename" });
    expect(res.exitCode, res.stdout + res.stderr).toBe(0);
    expect(res.outputs).toMatchObject({ status: "passed" });
    expect(res.stdout).toMatch(/::warning title=Performance new%3A steadier::/);
    expect(res.stdout).toMatch(/::warning title=Performance missing%3A steady::/);
    expect(res.stdout).toMatch(/Benchmarks in main's baseline but not measured now \(removed or renamed\): steady/);

    await rm(path.join(dir, "metrics"), { recursive: true, force: true });
    const strict = await mockStep(mock, dir, {
      event: "pull_request",
      branch: "feature/rename-strict",
      inputs: { "strict-benchmarks": "true" },
    });
    expect(strict.exitCode).toBe(1);
    expect(strict.stdout).toMatch(
      /::error title=perfgate BENCHMARKS_CHANGED::strict-benchmarks is true and this PR changes the set of benchmarks: new steadier; missing steady/,
    );
    expect(strict.outputs.status).toBe("failed");
  });
});
