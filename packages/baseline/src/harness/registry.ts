import { benchmarkjsAdapter } from "./adapters/benchmarkjs.ts";
import { criterionAdapter } from "./adapters/criterion.ts";
import { goAdapter } from "./adapters/go.ts";
import { googleBenchmarkAdapter } from "./adapters/google-benchmark.ts";
import { hyperfineAdapter } from "./adapters/hyperfine.ts";
import { jmhAdapter } from "./adapters/jmh.ts";
import { jsonAdapter } from "./adapters/json.ts";
import { libtestAdapter } from "./adapters/libtest.ts";
import { pytestBenchmarkAdapter } from "./adapters/pytest-benchmark.ts";
import { tinybenchAdapter } from "./adapters/tinybench.ts";
import { vitestAdapter } from "./adapters/vitest.ts";
import type { HarnessAdapter, HarnessId } from "./types.ts";

/** Every harness perfgate reads, by the id a config entry names it with. */
export const HARNESSES: Readonly<Record<HarnessId, HarnessAdapter>> = {
  "pytest-benchmark": pytestBenchmarkAdapter,
  go: goAdapter,
  criterion: criterionAdapter,
  libtest: libtestAdapter,
  "google-benchmark": googleBenchmarkAdapter,
  vitest: vitestAdapter,
  tinybench: tinybenchAdapter,
  benchmarkjs: benchmarkjsAdapter,
  hyperfine: hyperfineAdapter,
  jmh: jmhAdapter,
  json: jsonAdapter,
};

export function adapterFor(id: HarnessId): HarnessAdapter {
  return HARNESSES[id];
}
