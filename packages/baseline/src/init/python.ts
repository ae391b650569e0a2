import { shellQuote } from "../harness/types.ts";
import { type Found, nothingFound } from "./proposal.ts";
import { filesWith, type Scan } from "./scan.ts";

export const VENV = ".perfgate-venv";
const PY = `${VENV}/bin/python`;

/** The optional-dependencies group of pyproject.toml that lists pytest-benchmark, if one does. */
function benchmarkExtra(pyproject: string): string | undefined {
  const section = /^\[project\.optional-dependencies\]\s*$([\s\S]*?)(?=^\[|(?![\s\S]))/m.exec(pyproject)?.[1] ?? "";
  for (const m of section.matchAll(/^\s*([A-Za-z0-9][\w.-]*)\s*=\s*\[([^\]]*)\]/gm))
    if (/pytest-benchmark/i.test(m[2]!)) return m[1];
  return undefined;
}

/** The package a flat or src layout holds (for an import-time benchmark). */
function packageName(meta: string, files: string[]): string | undefined {
  const declared = /^\s*name\s*=\s*["']([\w.-]+)["']/m.exec(meta)?.[1]?.replace(/[-.]/g, "_");
  const inits = files.filter((f) => /^(src\/)?[A-Za-z_]\w*\/__init__\.py$/.test(f)).map((f) => f.split("/").at(-2)!);
  if (declared && inits.includes(declared)) return declared;
  return inits[0] ?? (declared && /^[A-Za-z_]\w*$/.test(declared) ? declared : undefined);
}

/**
 * The per-tree virtual environment: paired mode measures the base commit in a worktree of its
 * own, so each tree installs its own code into its own venv. An editable install would point
 * both trees at the checkout's code. The venv ignores itself (a `.gitignore` holding `*`).
 */
function venvSetup(packages: string[]): string {
  return [
    `python3 -m venv ${VENV}`,
    `printf '*\\n' > ${VENV}/.gitignore`,
    `${VENV}/bin/pip install -q ${packages.join(" ")}`,
  ].join(" && ");
}

/** Python: pytest-benchmark (a harness entry run in a per-tree venv), else a package's import time. */
export async function detectPython(scan: Scan): Promise<Found> {
  const found = nothingFound();
  const has = (f: string) => scan.files.includes(f);
  const pyproject = await scan.read("pyproject.toml");
  const requirements = scan.files.filter((f) =>
    /^(requirements[^/]*\.txt|requirements\/[^/]+\.txt|[\w-]*requirements\.txt)$/.test(f),
  );
  const reqTexts = new Map<string, string>();
  for (const f of requirements) reqTexts.set(f, await scan.read(f));
  const meta = [pyproject, await scan.read("setup.cfg"), await scan.read("setup.py"), ...reqTexts.values()].join("\n");
  const benchFiles = await filesWith(
    scan,
    /(^|\/)(test_[^/]*|[^/]*_test|bench[^/]*)\.py$|(^|\/)bench[^/]*\/[^/]+\.py$/,
    /\bbenchmark(\.pedantic)?\s*\(|def \w+\([^)]*\bbenchmark\b/,
  );
  const declared = /pytest-benchmark/i.test(meta);
  const installable = /^\[(project|build-system)\]/m.test(pyproject) || has("setup.py") || has("setup.cfg");
  if (!declared && benchFiles.length === 0 && !has("pyproject.toml") && !has("setup.py")) return found;

  // What the venv gets: the project itself (not editable), the requirement files that matter, the harness.
  const extra = benchmarkExtra(pyproject);
  const project = installable ? [shellQuote(extra ? `.[${extra}]` : ".")] : [];
  const reqs = requirements
    .filter((f) =>
      !installable
        ? /^requirements\.txt$/.test(f) || /pytest-benchmark/i.test(reqTexts.get(f)!)
        : /pytest-benchmark/i.test(reqTexts.get(f)!),
    )
    .flatMap((f) => ["-r", shellQuote(f)]);

  if (declared || benchFiles.length > 0) {
    const tops = [...new Set(benchFiles.map((f) => (f.includes("/") ? `${f.split("/")[0]}/` : "")))];
    const paths = tops.includes("") ? [] : tops.map(shellQuote);
    found.install.push(venvSetup([...project, ...reqs, "pytest", "pytest-benchmark"]));
    const srcLayout = !installable && scan.files.some((f) => /^src\/[A-Za-z_]\w*\/__init__\.py$/.test(f));
    found.proposals.push({
      benchmark: {
        harness: "pytest-benchmark",
        run: [PY, "-m", "pytest", ...paths].join(" "),
        ...(srcLayout ? { env: { PYTHONPATH: "src" } } : {}),
      },
      found:
        benchFiles.length > 0
          ? "pytest tests using the `benchmark` fixture"
          : "pytest-benchmark in the Python requirements",
    });
    if (benchFiles.length === 0)
      found.notes.push(
        "pytest-benchmark is declared but init found no test using the `benchmark` fixture: check the path pytest is given",
      );
    if (!installable)
      found.notes.push(
        "the project is not installable (no pyproject.toml build or setup.py): the tests import it from the tree itself",
      );
    else if (!extra && reqs.length === 0)
      found.notes.push(
        `init could not tell where your test dependencies are listed: add them to the pip install in "setup"`,
      );
  } else {
    // Only an installable package: a pyproject.toml holding just tool settings is not one.
    const pkg = installable ? packageName(meta, scan.files) : undefined;
    if (!pkg) return found;
    found.install.push(venvSetup(project));
    found.proposals.push({
      benchmark: { name: `import-${pkg}`, command: `${PY} -c 'import ${pkg}'` },
      found: `Python package ${pkg}`,
      check: `this times \`import ${pkg}\` only (start-up cost); add harness entries (pytest-benchmark) for your hot paths`,
    });
  }
  found.needs.push("python");
  found.notes.push(`${VENV}/ is created in each tree by "setup" and ignores itself (it holds a .gitignore)`);
  return found;
}
