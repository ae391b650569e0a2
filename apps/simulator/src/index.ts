export { evaluateChecklist, type ChecklistItem, type ItemResult, type ScenarioFacts } from "./checklist/types.ts";
export { SimulatorError, type SimulatorErrorCode } from "./errors.ts";
export { createProgress, type Progress } from "./progress.ts";
export { buildReport, formatTable, type Report, ReportSchema, reportPassed } from "./report.ts";
export { type ActRunInfo, runScenario } from "./run-scenario.ts";
export { ALL_ORDER, SCENARIO_NAMES, SCENARIOS, type Scenario, type ScenarioName } from "./scenarios/index.ts";
export { simulate, type SimulateOptions } from "./simulate.ts";
export { resetState, stateLayout } from "./state-dir.ts";
export { formatStatus, readStatus } from "./status.ts";
