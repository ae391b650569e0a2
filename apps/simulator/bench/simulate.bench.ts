/**
 * `pnpm bench` for the simulator: warm `simulate all`, split by scenario, each scenario's
 * wall time against raw act replaying the same job with the same flags, as a ratio in the same run.
 * `--cold` first provisions into an empty PERFGATE_HOME and removes the runner image, so act is
 * built and the image debootstrapped again (minutes; it disturbs anyone using the image meanwhile).
 *
 * Targets (issue 6): warm `simulate all` <= 1.15x raw act, warm wall <= 60 s, cold <= 4 min.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureToolchain, RUN_LABEL_KEY } from "@perfgate/workflow-driver";
import { execa } from "execa";
import { createProgress } from "../src/progress.ts";
import { reportPassed } from "../src/report.ts";
import type { ActRunInfo } from "../src/run-scenario.ts";
import { ALL_ORDER } from "../src/scenarios/index.ts";
import { simulate } from "../src/simulate.ts";

const cold = process.argv.includes("--cold");
const secs = (ms: number) => Number((ms / 1000).toFixed(2));

async function provision(): Promise<{ provisioningMs: number; imageMs: number | null }> {
  let imageStart: number | null = null;
  let imageMs: number | null = null;
  const t0 = performance.now();
  const tc = await ensureToolchain({
    onProgress: (msg) => {
      if (/image/i.test(msg) && imageStart === null) imageStart = performance.now();
    },
  });
  const total = performance.now() - t0;
  if (imageStart !== null) imageMs = performance.now() - imageStart;
  if (cold) process.stderr.write(`provisioned act ${tc.act.version}, image ${tc.image.tag}\n`);
  return { provisioningMs: total, imageMs };
}

async function rawAct(info: ActRunInfo, actPath: string): Promise<number> {
  const home = await mkdtemp(join(tmpdir(), "perfgate-rawact-"));
  const t0 = performance.now();
  try {
    await execa(actPath, info.args, {
      cwd: info.repoDir,
      reject: false,
      stdin: "ignore",
      env: {
        HOME: home,
        XDG_CONFIG_HOME: `${home}/.config`,
        XDG_CACHE_HOME: `${home}/.cache`,
        XDG_DATA_HOME: `${home}/.local/share`,
        XDG_STATE_HOME: `${home}/.local/state`,
        ACT_DISABLE_VERSION_CHECK: "1",
        GITHUB_TOKEN: "ghs_rawactreplay0000000000000000000000",
      },
    });
    return performance.now() - t0;
  } finally {
    const i = info.args.indexOf("--env-file");
    if (i >= 0) await rm(info.args[i + 1]!, { force: true });
    await rm(home, { recursive: true, force: true });
    // act removes its own containers; anything left by a replay carries the label of the run it
    // replays (from `--container-options`). Only those: other runs may be going on meanwhile.
    const label = info.args[info.args.indexOf("--container-options") + 1]?.match(
      new RegExp(`--label (${RUN_LABEL_KEY}=\\S+)`),
    )?.[1];
    const left = label
      ? (await execa("docker", ["ps", "-aq", "--filter", `label=${label}`])).stdout.split("\n").filter(Boolean)
      : [];
    if (left.length) await execa("docker", ["rm", "-f", ...left], { reject: false });
  }
}

async function main() {
  let coldFigures: { provisioningMs: number; imageMs: number | null } | null = null;
  if (cold) {
    const home = await mkdtemp(join(tmpdir(), "perfgate-cold-"));
    process.env.PERFGATE_HOME = home;
    const tag = (await ensureToolchain()).image.tag;
    await execa("docker", ["rmi", "-f", tag], { reject: false });
    await rm(join(home, "tools"), { recursive: true, force: true });
    coldFigures = await provision();
  }
  const warmProvision = await provision();
  const tc = await ensureToolchain();

  const state = await mkdtemp(join(tmpdir(), "perfgate-sim-bench-"));
  const raw = new Map<string, { actMs: number; rawMs: number }[]>();
  const t0 = performance.now();
  const report = await simulate(ALL_ORDER, {
    stateDir: state,
    reset: true,
    progress: createProgress({ verbose: false, quiet: true }),
    onActRun: async (info) => {
      const rawMs = await rawAct(info, tc.act.path);
      raw.set(info.scenario, [...(raw.get(info.scenario) ?? []), { actMs: info.actMs, rawMs }]);
    },
  });
  const replayTotal = [...raw.values()].flat().reduce((n, r) => n + r.rawMs, 0);
  // The replays ran inside the scenarios' time: take them out of the simulator's figures.
  const wallMs = performance.now() - t0 - replayTotal;
  const rows = report.scenarios.map((s) => {
    const runs = raw.get(s.name)?.shift();
    const simMs = s.durationMs - (runs?.rawMs ?? 0);
    return {
      scenario: s.name,
      passed: s.passed,
      simulatorS: secs(simMs),
      actInSimulatorS: runs ? secs(runs.actMs) : null,
      rawActS: runs ? secs(runs.rawMs) : null,
      ratio: runs ? Number((simMs / runs.rawMs).toFixed(3)) : null,
    };
  });
  const rawSum = rows.reduce((n, r) => n + (r.rawActS ?? 0), 0);
  const result = {
    cold: coldFigures
      ? {
          provisioningS: secs(coldFigures.provisioningMs),
          imageS: coldFigures.imageMs === null ? null : secs(coldFigures.imageMs),
        }
      : null,
    warm: {
      provisioningS: secs(warmProvision.provisioningMs),
      simulateAllS: secs(wallMs),
      rawActTotalS: Number(rawSum.toFixed(2)),
      ratio: Number((wallMs / 1000 / rawSum).toFixed(3)),
      allPassed: reportPassed(report),
    },
    scenarios: rows,
    targets: { ratio: 1.15, warmWallS: 60, coldS: 240 },
  };
  console.table(rows);
  console.log(JSON.stringify(result, null, 2));
  await writeFile(join(state, "bench.json"), JSON.stringify(result, null, 2));
  await rm(state, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
