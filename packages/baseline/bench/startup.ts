/**
 * Start-up of the CLI a user runs: `node dist/perfgate.cjs --version` beside `node -e 0` (Node's
 * own start, the floor), interleaved in one run so both see the same machine load; the ratio is
 * the figure to compare across machines. Also times `--help` (loads yargs, not the commands) and
 * reports the bundle sizes. Target: --version <= 150 ms, perfgate.cjs <= 1 MiB.
 * Run: pnpm --filter @perfgate/baseline bench   (after pnpm build)
 */
import { execFileSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const pkg = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const cli = path.join(pkg, "dist", "perfgate.cjs");
const chunk = path.join(pkg, "dist", "perfgate-artifact.cjs");
if (!existsSync(cli)) {
  console.error(`${cli} is missing: run \`pnpm --filter @perfgate/baseline build\` first`);
  process.exit(2);
}
const ROUNDS = Number(process.env["PERFGATE_BENCH_ROUNDS"] ?? 30);
const cases = [
  { label: "node -e 0", args: ["-e", "0"] },
  { label: "perfgate --version", args: [cli, "--version"] },
  { label: "perfgate --help", args: [cli, "--help"] },
];
const times: number[][] = cases.map(() => []);
for (let r = 0; r < ROUNDS; r++) {
  cases.forEach((c, i) => {
    const t0 = performance.now();
    execFileSync(process.execPath, c.args, { stdio: "ignore" });
    times[i]!.push(performance.now() - t0);
  });
}
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const floor = median(times[0]!);
console.log(`perfgate start-up, ${ROUNDS} interleaved rounds (median, min), Node ${process.version}`);
cases.forEach((c, i) => {
  const m = median(times[i]!);
  console.log(
    `  ${c.label.padEnd(20)} ${m.toFixed(1).padStart(7)} ms  min ${Math.min(...times[i]!)
      .toFixed(1)
      .padStart(6)} ms  ratio to node -e 0: ${(m / floor).toFixed(2)}`,
  );
});
const kib = (f: string) => (statSync(f).size / 1024).toFixed(0);
console.log(
  `  dist/perfgate.cjs ${kib(cli)} KiB (target <= 1024); dist/perfgate-artifact.cjs ${kib(chunk)} KiB (loaded by \`perfgate artifact\` only)`,
);
const version = median(times[1]!);
console.log(
  JSON.stringify({
    versionMs: Number(version.toFixed(1)),
    nodeFloorMs: Number(floor.toFixed(1)),
    ratio: Number((version / floor).toFixed(2)),
    helpMs: Number(median(times[2]!).toFixed(1)),
    cliBytes: statSync(cli).size,
    targetMet: version <= 150 && statSync(cli).size <= 1024 * 1024,
  }),
);
