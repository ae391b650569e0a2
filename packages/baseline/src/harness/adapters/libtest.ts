import { type HarnessAdapter, HarnessOutputError } from "../types.ts";
import { bencherSamples } from "./bencher-lines.ts";
import { checkedSamples, excerpt } from "./checked-samples.ts";

const TITLE = "Rust libtest #[bench]";

export const libtestAdapter: HarnessAdapter = {
  id: "libtest",
  title: TITLE,
  exampleRun: "cargo +nightly bench",
  output: "stdout",
  installHint:
    "#[bench] needs a nightly toolchain: `rustup toolchain install nightly` and `cargo +nightly bench` (or RUSTC_BOOTSTRAP=1 with stable, at your own risk)",

  /*
   * The run as it is: libtest's bencher has no time-budget option (it samples each benchmark until
   * its spread settles, at most about 3 s) and always prints its plain result lines on stdout.
   */
  roundCommand(run) {
    return run;
  },

  /*
   * libtest's value is the median of 50 samples' per-iteration times (after dropping outliers
   * by winsorizing), in nanoseconds; it is the statistic libtest itself reports.
   */
  parse(text) {
    const samples = bencherSamples(text, TITLE);
    if (samples.length === 0) {
      throw new HarnessOutputError(
        `expected libtest bench lines ("test name ... bench: 1,234.5 ns/iter (+/- 6)"), but found none in the ${excerpt(text)}`,
        "make `run` a `cargo bench` (nightly) of targets with #[bench] functions, e.g. `cargo +nightly bench`; `running 0 tests` means it selected none",
      );
    }
    return checkedSamples(samples, TITLE, "");
  },
};
