// Refreshes the recorded checklist inputs under test/fixtures/ from a real run's state dir:
//   <state>/facts/<scenario>.json         -> test/fixtures/facts/<scenario>.json         (testing-quality-gates.yml)
//   <state>/facts/<scenario>.action.json  -> test/fixtures/facts-action/<scenario>.json  (perfgate-action.yml)
// Only scenarios that already have a fixture are refreshed (the tests name them); a scenario the run
// did not record is reported and its fixture left as it was. Usage:
//   pnpm simulate all --state /tmp/sim && pnpm --filter @perfgate/simulator refresh-fixtures --state /tmp/sim
// then `pnpm --filter @perfgate/simulator exec vitest run test/checklists.test.ts` and review the diff.
import { existsSync } from "node:fs";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { paths } from "../src/paths.ts";
import { stateLayout } from "../src/state-dir.ts";

const TARGETS = [
  { dir: join(paths.appDir, "test", "fixtures", "facts"), suffix: "" },
  { dir: join(paths.appDir, "test", "fixtures", "facts-action"), suffix: ".action" },
];

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { state: { type: "string" }, help: { type: "boolean" } } });
  if (values.help) {
    process.stdout.write(
      "refresh-fixtures [--state DIR]: copy a real run's facts into test/fixtures (default DIR: the simulator's state dir)\n",
    );
    return 0;
  }
  const layout = stateLayout(values.state ?? paths.defaultStateDir());
  if (!existsSync(layout.factsDir)) {
    process.stderr.write(
      `refresh-fixtures: error: ${layout.factsDir} does not exist\n  remedy: run \`pnpm simulate all --state DIR\` first and pass the same --state DIR\n`,
    );
    return 2;
  }
  // Read and check every source first: a bad one leaves every fixture as it was.
  const copies: { from: string; to: string; text: string }[] = [];
  const missing: string[] = [];
  for (const target of TARGETS) {
    for (const fixture of (await readdir(target.dir)).filter((f) => f.endsWith(".json")).sort()) {
      const scenario = fixture.slice(0, -".json".length);
      const source = join(layout.factsDir, `${scenario}${target.suffix}.json`);
      if (!existsSync(source)) {
        missing.push(`${scenario}${target.suffix}`);
        continue;
      }
      const text = await readFile(source, "utf8");
      try {
        JSON.parse(text);
      } catch (err) {
        process.stderr.write(
          `refresh-fixtures: error: ${source} is not JSON (${(err as Error).message})\n  remedy: re-run that scenario; no fixture was written\n`,
        );
        return 1;
      }
      copies.push({ from: source, to: join(target.dir, fixture), text });
    }
  }
  for (const c of copies) {
    await writeFile(c.to, c.text);
    process.stdout.write(`refreshed ${c.to} from ${c.from}\n`);
  }
  if (missing.length > 0)
    process.stdout.write(`not recorded in ${layout.factsDir} (fixtures kept): ${missing.join(", ")}\n`);
  if (copies.length === 0) {
    process.stderr.write(
      `refresh-fixtures: error: ${layout.factsDir} holds none of the fixtures' scenarios\n  remedy: run \`pnpm simulate all --state ${layout.root}\` first\n`,
    );
    return 1;
  }
  return 0;
}

main().then((code) => {
  process.exitCode = code;
});
