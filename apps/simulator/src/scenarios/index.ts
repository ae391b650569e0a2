import { bootstrapScenario } from "./bootstrap.ts";
import { corruptScenario } from "./corrupt.ts";
import { expiredScenario } from "./expired.ts";
import { expiredNewestScenario } from "./expired-newest.ts";
import { mainScenario } from "./main.ts";
import { noisyScenario } from "./noisy.ts";
import { prScenario } from "./pr.ts";
import { regressionScenario } from "./regression.ts";
import { staleScenario } from "./stale.ts";
import type { Scenario, ScenarioName } from "./types.ts";

export const SCENARIOS: Record<ScenarioName, Scenario> = {
  bootstrap: bootstrapScenario,
  main: mainScenario,
  pr: prScenario,
  regression: regressionScenario,
  expired: expiredScenario,
  "expired-newest": expiredNewestScenario,
  corrupt: corruptScenario,
  stale: staleScenario,
  noisy: noisyScenario,
};

export { ALL_ORDER, SCENARIO_NAMES, type Scenario, type ScenarioName } from "./types.ts";
