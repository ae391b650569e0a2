// Entry of a module-benchmark worker when perfgate runs from source (the bundle starts itself instead).
import { runBenchWorker } from "./worker.ts";

runBenchWorker();
