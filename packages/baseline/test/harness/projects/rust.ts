/**
 * Small real Rust crates (made with `cargo new`) benchmarked by criterion (from crates.io, fetched
 * by cargo) or by libtest's #[bench]. Both share one library, `textstat`.
 *
 * `targetDir` shares one cargo target folder between projects (tests use the cache of
 * tools.ts, so criterion is compiled once, not per project: about a minute on two cores). Cargo
 * gives same-named packages in different folders the same artifact names there and may then run
 * one project's stale binary for another's, so with `targetDir` the package is named after its
 * folder (`textstat_<hash>`; the library stays `textstat`). Without it, each project has its own
 * `target/`, as a checkout of a real repository does.
 */
import { createHash } from "node:crypto";
import { promises as fs } from "node:fs";
import path from "node:path";
import { exec } from "../tools.ts";
import { checkSlow, type HarnessProject, type ProjectOptions, SLOW_SHARE_PERCENT, writeFiles } from "./project.ts";

export interface RustProjectOptions extends ProjectOptions {
  /** A cargo target folder shared with other projects (see above); default: the crate's own. */
  targetDir?: string;
}

/** criterion's names: a plain function and one in a group (`group/function`). */
export const CRITERION_BENCHMARKS = ["checksum", "text/word_count"] as const;
/** libtest's names: the #[bench] functions' paths in their crate. */
export const LIBTEST_BENCHMARKS = ["checksum", "word_count"] as const;

/** `textstat`'s lib.rs; `slowFunction` ("checksum" | "word_count") gets the regression. */
function library(slowFunction: string | undefined): string {
  const regression = (fn: string, line: string) =>
    slowFunction === fn ? `    ${line} // the regression: a second pass over part of the input\n` : "";
  const part = (v: string) => `&${v}[..${v}.len() * ${SLOW_SHARE_PERCENT} / 100]`;
  return `use std::collections::HashMap;

fn checksum_pass(data: &[u8], mut total: u32) -> u32 {
    for &b in data {
        total = total.wrapping_mul(31).wrapping_add(u32::from(b));
    }
    total
}

fn count_pass<'a>(words: &'a [String], counts: &mut HashMap<&'a str, usize>) {
    for w in words {
        *counts.entry(w.as_str()).or_insert(0) += 1;
    }
}

pub fn checksum(data: &[u8]) -> u32 {
    #[allow(unused_mut)]
    let mut total = checksum_pass(data, 0);
${regression("checksum", `total = checksum_pass(${part("data")}, total);`)}    total
}

pub fn word_count(words: &[String]) -> HashMap<&str, usize> {
    let mut counts = HashMap::new();
    count_pass(words, &mut counts);
${regression("word_count", `count_pass(${part("words")}, &mut counts);`)}    counts
}

pub fn sample_data() -> (Vec<u8>, Vec<String>) {
    let data = (0..65536u32).map(|i| (i * 7) as u8).collect();
    let words = (0..20000).map(|i| format!("w{}", i % 900)).collect();
    (data, words)
}
`;
}

const CRITERION_BENCH = `use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

fn benches(c: &mut Criterion) {
    let (data, words) = textstat::sample_data();
    c.bench_function("checksum", |b| b.iter(|| textstat::checksum(black_box(&data))));
    let mut group = c.benchmark_group("text");
    group.bench_function("word_count", |b| b.iter(|| textstat::word_count(black_box(&words))));
    group.finish();
}

criterion_group!(textstat_benches, benches);
criterion_main!(textstat_benches);
`;

const LIBTEST_BENCH = `#![feature(test)]
extern crate test;

use test::{black_box, Bencher};

#[bench]
fn checksum(b: &mut Bencher) {
    let (data, _) = textstat::sample_data();
    b.iter(|| textstat::checksum(black_box(&data)));
}

#[bench]
fn word_count(b: &mut Bencher) {
    let (_, words) = textstat::sample_data();
    b.iter(|| textstat::word_count(black_box(&words)).len());
}
`;

function sharedName(dir: string): string {
  return `textstat_${createHash("sha256").update(path.resolve(dir)).digest("hex").slice(0, 12)}`;
}

async function cargoNew(dir: string, targetDir: string | undefined): Promise<void> {
  const name = targetDir === undefined ? "textstat" : sharedName(dir);
  const made = await exec("cargo", ["init", "--lib", "--vcs", "none", "--name", name, dir]);
  if (made.code !== 0) throw new Error(`cargo init failed in ${dir}:\n${made.stderr}`);
  await fs.appendFile(path.join(dir, "Cargo.toml"), '\n[lib]\nname = "textstat"\n');
  if (targetDir !== undefined)
    await writeFiles(dir, { ".cargo/config.toml": `[build]\ntarget-dir = ${JSON.stringify(targetDir)}\n` });
}

/**
 * A crate with a criterion bench target `textstat` (harness = false; criterion 0.8 without its
 * plotting and rayon features, which perfgate does not need). Its run selects bench targets
 * only (`--bench '*'`), so the library's libtest harness never sees criterion's options.
 */
export async function makeCriterionProject(dir: string, opts: RustProjectOptions = {}): Promise<HarnessProject> {
  checkSlow(opts.slow, CRITERION_BENCHMARKS);
  await cargoNew(dir, opts.targetDir);
  await fs.appendFile(
    path.join(dir, "Cargo.toml"),
    `\n[dev-dependencies]\ncriterion = { version = "0.8", default-features = false }\n\n[[bench]]\nname = "textstat"\nharness = false\n`,
  );
  const slowFunction = opts.slow?.replace(/^text\//, "");
  await writeFiles(dir, { "src/lib.rs": library(slowFunction), "benches/textstat.rs": CRITERION_BENCH });
  return { run: "cargo bench --bench '*'", benchmarks: [...CRITERION_BENCHMARKS] };
}

/**
 * A crate with a libtest #[bench] target. #[bench] is unstable: the run uses RUSTC_BOOTSTRAP=1
 * so the stable toolchain compiles it (where projects use `cargo +nightly bench`; a nightly
 * toolchain cannot be installed offline).
 */
export async function makeLibtestProject(dir: string, opts: RustProjectOptions = {}): Promise<HarnessProject> {
  checkSlow(opts.slow, LIBTEST_BENCHMARKS);
  await cargoNew(dir, opts.targetDir);
  await writeFiles(dir, { "src/lib.rs": library(opts.slow), "benches/textstat.rs": LIBTEST_BENCH });
  return { run: "RUSTC_BOOTSTRAP=1 cargo bench", benchmarks: [...LIBTEST_BENCHMARKS] };
}

/** Remove a `targetDir` project's own artifacts from the shared target folder (keeps criterion). */
export async function removeSharedArtifacts(dir: string): Promise<void> {
  const cleaned = await exec("cargo", ["clean", "--release", "-p", sharedName(dir)], { cwd: dir });
  if (cleaned.code !== 0) throw new Error(`cargo clean failed in ${dir}:\n${cleaned.stderr}`);
}
