import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { MockGithubError } from "./errors.ts";
import { readStateDirOwner } from "./store/ownership.ts";
import { startMockServer } from "./server.ts";

/** `mock-github serve --port P --state DIR`: serve until SIGINT/SIGTERM. */
async function main(): Promise<void> {
  await yargs(hideBin(process.argv))
    .scriptName("mock-github")
    .command(
      "serve",
      "Serve the mock GitHub (REST, artifact service, blobs, /_mock control API) on 127.0.0.1",
      (y) =>
        y
          .option("port", { type: "number", default: 0, describe: "TCP port of the API (0 picks a free one)" })
          .option("blob-port", {
            type: "number",
            default: 0,
            describe: "TCP port of blob storage, a separate origin as on GitHub (0 picks a free one)",
          })
          .option("state", {
            type: "string",
            describe: "State directory shared by separate invocations (default: in memory)",
          }),
      async (argv) => {
        const server = await startMockServer({ port: argv.port, blobPort: argv.blobPort, stateDir: argv.state });
        console.log(server.url);
        await new Promise<void>((resolve) => {
          const stop = () => resolve();
          process.once("SIGINT", stop);
          process.once("SIGTERM", stop);
        });
        await server.close();
      },
    )
    .command(
      "url",
      "Print the URL of the server that owns a state directory (exit 1 if none)",
      (y) => y.option("state", { type: "string", demandOption: true }),
      (argv) => {
        const owner = readStateDirOwner(argv.state);
        if (!owner?.url) {
          console.error(
            `mock-github: error: no mock-github server owns ${argv.state}\n  remedy: start one with \`pnpm mock-github serve --state ${argv.state}\``,
          );
          process.exitCode = 1;
          return;
        }
        console.log(owner.url);
      },
    )
    .demandCommand(1)
    .strict()
    .fail((msg, err) => {
      throw err ?? new MockGithubError("USAGE", msg, "Run `pnpm mock-github --help`.");
    })
    .parseAsync();
}

main().catch((error: unknown) => {
  // The CLI contract: `<cli>: error: message` + `  remedy:`; exit 2 for a usage error, else 1.
  if (error instanceof MockGithubError) {
    console.error(`mock-github: error: ${error.message}\n  remedy: ${error.remedy}`);
  } else {
    console.error(`mock-github: error: unexpected failure: ${(error as Error)?.stack ?? String(error)}`);
  }
  process.exit(error instanceof MockGithubError && error.code === "USAGE" ? 2 : 1);
});
