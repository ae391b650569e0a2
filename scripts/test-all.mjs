#!/usr/bin/env node
// Runs every package's tests through turbo, then prints one closing line that totals them
// ("tests: N passed, N failed, N skipped"), so CI and people read one verdict, not five.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const RESULTS = "test-results.json"; // written by each package's `vitest run --outputFile.json=...`
const packages = ["packages", "apps"].flatMap((group) =>
  readdirSync(path.join(root, group), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(root, group, d.name, "package.json")))
    .map((d) => path.join(root, group, d.name)),
);
// A results file from an earlier run must not stand in for a package that did not run now.
for (const dir of packages) rmSync(path.join(dir, RESULTS), { force: true });

// --continue: every package runs even after one fails, so the closing total covers them all.
const turbo = spawnSync(
  "pnpm",
  ["exec", "turbo", "run", "test", "--concurrency=1", "--continue", ...process.argv.slice(2)],
  { cwd: root, stdio: "inherit" },
);

let passed = 0;
let failed = 0;
let skipped = 0;
// The hostile-input suite: every test in a package's test/hostile/ folder is one hostile input.
let hostileTried = 0;
let hostileHeld = 0;
const missing = [];
for (const dir of packages) {
  const file = path.join(dir, RESULTS);
  if (!existsSync(file)) {
    // With turbo arguments (e.g. --filter) only some packages run; then absence is expected.
    if (process.argv.length <= 2) missing.push(path.relative(root, dir));
    continue;
  }
  const r = JSON.parse(readFileSync(file, "utf8"));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + (r.numTodoTests ?? 0);
  for (const file of r.testResults ?? []) {
    if (!file.name.split(path.sep).includes("hostile")) continue;
    for (const t of file.assertionResults ?? []) {
      hostileTried += 1;
      if (t.status === "passed") hostileHeld += 1;
    }
  }
}
if (missing.length > 0) console.log(`packages whose tests did not finish: ${missing.join(", ")}`);
if (hostileTried > 0) console.log(`hostile: ${hostileTried} tried, ${hostileHeld} held`);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
const code = turbo.status ?? 1;
process.exit(code !== 0 ? code : failed > 0 || missing.length > 0 ? 1 : 0);
