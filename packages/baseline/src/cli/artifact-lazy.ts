import type { CommandModule } from "yargs";

/**
 * `perfgate artifact` pulls in @actions/artifact, Octokit and the Azure SDK (about 6 MB): every
 * other command must not pay for loading them. So the real command is imported only when the
 * command line asks for it; otherwise a stand-in lists it in `--help`.
 */
export async function artifactCommandFor(argv: string[]): Promise<CommandModule> {
  if (firstWord(argv) !== "artifact") return listedOnly;
  // The bundle maps this import to dist/perfgate-artifact.cjs, a chunk of its own (see build.mjs).
  const { artifactCommand } = await import("@perfgate/artifact-client/cli");
  return artifactCommand;
}

const listedOnly: CommandModule = {
  command: "artifact",
  describe: "find, download and upload GitHub Actions artifacts (`perfgate artifact --help`)",
  handler: () => {},
};

/** The command word: the first argument that is neither an option nor the value of -C. */
export function firstWord(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "-C" || a === "--C") i++;
    else if (a === "--") return argv[i + 1];
    else if (!a.startsWith("-")) return a;
  }
  return undefined;
}
