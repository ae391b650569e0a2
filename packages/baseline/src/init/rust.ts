import { type Found, type HarnessEntry, nameOf, nothingFound, shown } from "./proposal.ts";
import { dirOf } from "./proposal.ts";
import { nearestWith, type Scan } from "./scan.ts";
import { commandOf } from "./shell-words.ts";

interface BenchTarget {
  name: string;
  harnessFalse: boolean;
}

/** The `[[bench]]` targets a Cargo.toml declares. */
function benchTargets(manifest: string): BenchTarget[] {
  return manifest
    .split(/^\[\[bench\]\]\s*$/m)
    .slice(1)
    .map((block) => block.split(/^\[/m)[0]!)
    .flatMap((block) => {
      const name = /^\s*name\s*=\s*"([^"]+)"/m.exec(block)?.[1];
      return name ? [{ name, harnessFalse: /^\s*harness\s*=\s*false\b/m.test(block) }] : [];
    });
}

const CRITERION = /^\s*criterion\s*=|^\s*\[(dev-)?dependencies\.criterion\]/m;

/**
 * Rust: criterion bench targets (`harness = false`), one entry each, selected with `--bench` so
 * criterion's flags never reach a libtest harness; libtest `#[bench]` functions (nightly).
 */
export async function detectRust(scan: Scan): Promise<Found> {
  const found = nothingFound();
  const manifests = scan.files.filter((f) => /(^|\/)Cargo\.toml$/.test(f));
  const criterion: { crate: string; target: string }[] = [];
  const libtest: { crate: string; selectors: string[]; files: string[] }[] = [];
  for (const m of manifests) {
    const crate = dirOf(m);
    const text = await scan.read(m);
    if (!/^\[package\]/m.test(text)) continue;
    const targets = benchTargets(text);
    const own = targets.filter((t) => t.harnessFalse);
    if (CRITERION.test(text)) {
      for (const t of own) criterion.push({ crate, target: t.name });
      if (own.length === 0)
        found.notes.push(
          `${shown(m)} depends on criterion but declares no [[bench]] with harness = false: criterion benches need one each`,
        );
    }
    const rs = scan.files.filter((f) => f.endsWith(".rs") && nearestWith(scan.files, f, "Cargo.toml") === crate);
    const benchFns: string[] = [];
    for (const f of rs.slice(0, 300)) if (/#\[bench\]/.test(await scan.read(f))) benchFns.push(f);
    if (benchFns.length === 0) continue;
    const inCrate = (f: string) => (crate ? f.slice(crate.length + 1) : f);
    const selectors =
      own.length === 0
        ? []
        : [
            ...(benchFns.some((f) => inCrate(f).startsWith("src/")) ? ["--lib"] : []),
            ...benchFns
              .map((f) => /^benches\/([^/]+)\.rs$/.exec(inCrate(f))?.[1])
              .filter((t): t is string => t !== undefined && !own.some((o) => o.name === t))
              .flatMap((t) => ["--bench", t]),
          ];
    libtest.push({ crate, selectors, files: benchFns });
  }
  for (const { crate, target } of criterion) {
    const entry: HarnessEntry = {
      harness: "criterion",
      run: commandOf(["cargo", "bench", "--bench", target]),
      setup: commandOf(["cargo", "bench", "--no-run", "--bench", target]),
      ...(criterion.length > 1 ? { name: nameOf(target) } : {}),
      ...(crate ? { cwd: crate } : {}),
    };
    found.proposals.push({
      benchmark: entry,
      found: `criterion bench target ${shown(target)}${crate ? ` in ${shown(crate)}/` : ""}`,
    });
  }
  for (const { crate, selectors, files } of libtest) {
    const entry: HarnessEntry = {
      harness: "libtest",
      run: commandOf(["cargo", "+nightly", "bench", ...selectors]),
      setup: commandOf(["cargo", "+nightly", "bench", "--no-run", ...selectors]),
      ...(libtest.length > 1 ? { name: nameOf(crate || "root") } : {}),
      ...(crate ? { cwd: crate } : {}),
    };
    found.proposals.push({
      benchmark: entry,
      found: `#[bench] functions (${files.slice(0, 3).map(shown).join(", ")}${files.length > 3 ? ", …" : ""})`,
      check: "#[bench] needs a nightly toolchain: the workflow installs one",
    });
  }
  if (criterion.length > 0) found.needs.push("rust-stable");
  if (libtest.length > 0) found.needs.push("rust-nightly");
  if (found.proposals.length > 0 && scan.files.some((f) => /^rust-toolchain(\.toml)?$/.test(f)))
    found.notes.push(
      "rust-toolchain pins a toolchain: the workflow installs stable (and nightly for #[bench]); install the pinned one too if rustup does not",
    );
  return found;
}
