import { stat } from "node:fs/promises";
import { dirname, normalize, sep } from "node:path";
import * as core from "@actions/core";
import * as glob from "@actions/glob";

export interface FilesToUpload {
  files: string[];
  rootDirectory: string;
}

/**
 * Resolves the `path` input the way upload-artifact@v4 does: glob patterns (one per line,
 * `!` excludes), directories are walked, hidden files only on request. The artifact's root
 * is the search path itself, the common ancestor of several, or a lone file's directory.
 */
export async function findFilesToUpload(searchPath: string, includeHidden: boolean): Promise<FilesToUpload> {
  const globber = await glob.create(searchPath, {
    followSymbolicLinks: true,
    implicitDescendants: true,
    omitBrokenSymbolicLinks: true,
    excludeHiddenFiles: !includeHidden,
  });
  const files: string[] = [];
  const seen = new Set<string>();
  for (const p of await globber.glob()) {
    if ((await stat(p)).isDirectory()) continue; // directories themselves are never uploaded
    files.push(p);
    const lower = p.toLowerCase();
    if (seen.has(lower)) {
      core.info(
        `Uploads are case insensitive: ${p} was detected that it will be overwritten by another file with the same path`,
      );
    }
    seen.add(lower);
  }
  const searchPaths = globber.getSearchPaths();
  if (searchPaths.length > 1) {
    core.info("Multiple search paths detected. Calculating the least common ancestor of all paths");
    const lca = commonAncestor(searchPaths);
    core.info(`The least common ancestor is ${lca}. This will be the root directory of the artifact`);
    return { files, rootDirectory: lca };
  }
  const only = searchPaths[0] ?? process.cwd();
  if (files.length === 1 && files[0] === only) return { files, rootDirectory: dirname(only) };
  return { files, rootDirectory: only };
}

function commonAncestor(paths: string[]): string {
  const split = paths.map((p) => normalize(p).split(sep));
  const out: string[] = [];
  for (let i = 0; i < Math.min(...split.map((s) => s.length)); i++) {
    const part = split[0]![i]!;
    if (!split.every((s) => s[i] === part)) break;
    out.push(part);
  }
  return out.join(sep) || sep;
}
