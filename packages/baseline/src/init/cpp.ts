import { type Found, type HarnessEntry, nameOf, nothingFound, shown } from "./proposal.ts";
import { dirOf } from "./proposal.ts";
import type { Scan } from "./scan.ts";
import { commandOf } from "./shell-words.ts";

/** Where init builds CMake projects, in each tree; it holds a `.gitignore` of `*`, so it ignores itself. */
export const BUILD_DIR = ".perfgate-build";

const LINKS_BENCHMARK = /target_link_libraries\s*\(\s*([^\s)]+)[^)]*?\bbenchmark(::benchmark(_main)?|_main)?\b/g;
const INCLUDES_BENCHMARK = /#\s*include\s*[<"]benchmark\/benchmark\.h[>"]/;

/**
 * C++ with Google Benchmark: the CMake targets that link `benchmark::benchmark`. init configures
 * a Release build in each tree, builds each such target and runs the binary; what it cannot
 * read from CMakeLists.txt (a target named by a variable, another build system) it says.
 */
export async function detectCpp(scan: Scan): Promise<Found> {
  const found = nothingFound();
  const lists = scan.files.filter((f) => /(^|\/)CMakeLists\.txt$/.test(f));
  const targets: { dir: string; name: string }[] = [];
  let findPackage = false;
  let fetched = false;
  let outputDir = false;
  for (const f of lists) {
    const text = (await scan.read(f)).replace(/#.*$/gm, "");
    findPackage ||= /find_package\s*\(\s*benchmark\b/i.test(text);
    fetched ||= /FetchContent_Declare\s*\(\s*(google)?benchmark\b|add_subdirectory\s*\([^)]*benchmark/i.test(text);
    outputDir ||= /RUNTIME_OUTPUT_DIRECTORY/.test(text);
    for (const m of text.matchAll(LINKS_BENCHMARK)) {
      const name = m[1]!;
      if (/^(PRIVATE|PUBLIC|INTERFACE)$/.test(name) || name === "benchmark" || name === "benchmark_main") continue;
      if (/\$\{/.test(name)) {
        found.notes.push(
          `${shown(f)} links Google Benchmark into ${shown(name)}, a name init cannot resolve: add its entry by hand`,
        );
        continue;
      }
      if (!targets.some((t) => t.name === name)) targets.push({ dir: dirOf(f), name });
    }
  }
  const sources = scan.files.filter((f) => /\.(cc|cpp|cxx|c\+\+)$/.test(f));
  let includes = false;
  for (const f of sources.slice(0, 300)) if (INCLUDES_BENCHMARK.test(await scan.read(f))) includes = true;
  if (targets.length === 0) {
    if (includes)
      found.notes.push(
        `sources include benchmark/benchmark.h but init could not tell which ${lists.length > 0 ? "CMake target" : "build (no CMakeLists.txt)"} makes the benchmark binary: add {"harness": "google-benchmark", "run": "<the binary>", "setup": "<the command that builds it>"}`,
      );
    return found;
  }
  const rootLists = lists.includes("CMakeLists.txt");
  const source = rootLists ? "." : targets[0]!.dir;
  const configure = [
    `mkdir -p ${BUILD_DIR}`,
    `printf '*\\n' > ${BUILD_DIR}/.gitignore`,
    commandOf(["cmake", "-S", source, "-B", BUILD_DIR, "-DCMAKE_BUILD_TYPE=Release"]),
  ].join(" && ");
  for (const t of targets) {
    if (!rootLists && t.dir !== source && !t.dir.startsWith(`${source}/`)) {
      found.notes.push(
        `CMake target ${shown(t.name)} is in another project (${shown(t.dir)}/) than ${shown(source)}/: add its entry by hand`,
      );
      continue;
    }
    const binDir = rootLists ? t.dir : t.dir.slice(source.length + 1);
    const entry: HarnessEntry = {
      harness: "google-benchmark",
      run: commandOf([`./${[BUILD_DIR, binDir, t.name].filter(Boolean).join("/")}`]),
      setup: `${configure} && ${commandOf(["cmake", "--build", BUILD_DIR, "--target", t.name])}`,
      ...(targets.length > 1 ? { name: nameOf(t.name) } : {}),
    };
    found.proposals.push({ benchmark: entry, found: `CMake target ${shown(t.name)} linking Google Benchmark` });
  }
  if (findPackage) {
    found.needs.push("apt-libbenchmark-dev");
    found.notes.push(
      "find_package(benchmark): the workflow installs Ubuntu's libbenchmark-dev; fetch a pinned version with FetchContent if you need another",
    );
  } else if (!fetched)
    found.notes.push(
      "init could not tell where Google Benchmark comes from in your build: make sure CMake finds it on the runner",
    );
  if (outputDir)
    found.notes.push(
      `CMakeLists.txt sets RUNTIME_OUTPUT_DIRECTORY: check the binary path in "run" (init assumed CMake's default under ${BUILD_DIR}/)`,
    );
  return found;
}
