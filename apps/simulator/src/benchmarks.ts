import { readFileSync } from "node:fs";
import { join } from "node:path";
import { paths } from "./paths.ts";

/** Benchmark names the sample's perfgate.config.json declares (what a check can name as regressed). */
export function benchmarkNames(sampleDir: string = paths.sampleRepo): string[] {
  const config = JSON.parse(readFileSync(join(sampleDir, "perfgate.config.json"), "utf8")) as { benchmarks?: unknown };
  const list = Array.isArray(config.benchmarks) ? config.benchmarks : [];
  return list.flatMap((b) =>
    b && typeof b === "object" && typeof (b as { name?: unknown }).name === "string"
      ? [(b as { name: string }).name]
      : [],
  );
}
