import { execFile } from "node:child_process";
import { promises as fs } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Config } from "../schema.ts";

/**
 * Ways the base commit's tree would load the pull request's code instead of its own, found on
 * disk after `setup`: an editable Python install (`pip install -e .`), a linked node package
 * whose files live in this tree, or one cargo target folder for both trees. Paired mode would then measure the same code on both sides and
 * no slowdown could show, so such a check stops with the reason instead.
 */
export async function headCodeLeaks(config: Config, baseDir: string): Promise<string[]> {
  const head = await real(config.root);
  const inHead = (p: string) => p === head || p.startsWith(`${head}${path.sep}`);
  const leaks: string[] = [];
  for (const link of await nodeModuleLinks(baseDir)) {
    if (inHead(link.target)) leaks.push(`${path.relative(baseDir, link.path)} is a link to ${link.target}`);
  }
  // One cargo target folder for both trees: the crates have one name, so their bench binaries
  // share file names and one tree's cargo bench can run the binary the other tree built.
  for (const b of config.benchmarks) {
    if (b.kind !== "harness" || (b.harness !== "criterion" && b.harness !== "libtest")) continue;
    const shared = b.env?.["CARGO_TARGET_DIR"] ?? process.env["CARGO_TARGET_DIR"];
    if (shared) leaks.push(`CARGO_TARGET_DIR (${shared}) makes both trees build into one target folder`);
  }
  if (mentionsPython(config)) {
    for (const dir of await sitePackages(config, baseDir)) {
      for (const found of await editablePaths(dir)) {
        if (inHead(found.path))
          leaks.push(`${found.file} (an editable install) points the base tree's Python at ${found.path}`);
      }
    }
  }
  return leaks;
}

async function real(p: string): Promise<string> {
  return fs.realpath(p).catch(() => path.resolve(p));
}

function commandsOf(config: Config): string[] {
  return [
    config.setup ?? "",
    ...config.benchmarks.map((b) =>
      b.kind === "command" ? b.command : b.kind === "harness" ? `${b.run} ${b.setup ?? ""}` : "",
    ),
  ];
}

function mentionsPython(config: Config): boolean {
  return (
    config.benchmarks.some((b) => b.kind === "harness" && b.harness === "pytest-benchmark") ||
    commandsOf(config).some((c) => /\b(python[0-9.]*|pytest|pip[0-9.]*)\b/.test(c))
  );
}

/** The interpreters the commands name (a venv's `bin/python`, `python3`), resolved in the base tree. */
function interpreters(config: Config, baseDir: string): string[] {
  const named = commandsOf(config).flatMap((c) => c.match(/(?:^|\s)([^\s'";|&]*python[0-9.]*)(?=\s|$)/g) ?? []);
  const paths = named.map((n) => n.trim()).map((n) => (n.includes("/") ? path.resolve(baseDir, n) : n));
  return [...new Set(["python3", ...paths])];
}

async function sitePackages(config: Config, baseDir: string): Promise<string[]> {
  const dirs = new Set<string>();
  for (const py of interpreters(config, baseDir)) {
    const out = await new Promise<string>((resolve) =>
      execFile(py, ["-c", "import sys; print('\\n'.join(sys.path))"], { cwd: baseDir, timeout: 20_000 }, (e, so) =>
        resolve(e ? "" : String(so)),
      ),
    );
    for (const line of out.split("\n")) if (/(site|dist)-packages$/.test(line.trim())) dirs.add(line.trim());
  }
  return [...dirs];
}

/** Paths an installed distribution loads its code from instead of site-packages itself. */
async function editablePaths(dir: string): Promise<{ file: string; path: string }[]> {
  const entries = await fs.readdir(dir).catch(() => [] as string[]);
  const found: { file: string; path: string }[] = [];
  for (const name of entries) {
    const file = path.join(dir, name);
    if (name.endsWith(".pth") || name.endsWith(".egg-link")) {
      const text = await fs.readFile(file, "utf8").catch(() => "");
      for (const line of text.split("\n").map((l) => l.trim()))
        if (line.startsWith("/")) found.push({ file, path: await real(line) });
    } else if (name.endsWith(".dist-info")) {
      const text = await fs.readFile(path.join(file, "direct_url.json"), "utf8").catch(() => "");
      try {
        const d = JSON.parse(text) as { url?: string; dir_info?: { editable?: boolean } };
        if (d.dir_info?.editable && d.url?.startsWith("file://"))
          found.push({ file: path.join(file, "direct_url.json"), path: await real(fileURLToPath(d.url)) });
      } catch {
        // Not written by an installer we know: nothing to read from it.
      }
    }
  }
  return found;
}

async function nodeModuleLinks(baseDir: string): Promise<{ path: string; target: string }[]> {
  const top = path.join(baseDir, "node_modules");
  const names = await fs.readdir(top).catch(() => [] as string[]);
  const candidates = (
    await Promise.all(
      names.map(async (n) =>
        n.startsWith("@")
          ? (await fs.readdir(path.join(top, n)).catch(() => [] as string[])).map((m) => path.join(top, n, m))
          : [path.join(top, n)],
      ),
    )
  ).flat();
  const links: { path: string; target: string }[] = [];
  for (const p of candidates) {
    const st = await fs.lstat(p).catch(() => undefined);
    if (st?.isSymbolicLink()) links.push({ path: p, target: await real(p) });
  }
  return links;
}
