import { EXIT, guard, numberOption, reportError, setupCli } from "@perfgate/cli-kit";
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { MockGithubError } from "./errors.ts";
import { readStateDirOwner } from "./store/ownership.ts";
import { startMockServer } from "./server.ts";

const CLI = "mock-github";
const report = { cli: CLI };

const portRule = (flag: string) => ({
  flag,
  min: 0,
  max: 65535,
  integer: true,
  note: "0 picks a free port",
  example: `${flag} 8080`,
});

/** `mock-github serve --port P --state DIR`: serve until SIGINT/SIGTERM. Errors: the cli-kit contract. */
async function main(args: string[]): Promise<void> {
  await setupCli(yargs(args), {
    name: CLI,
    usageError: (message, _usage, _cause, remedy) =>
      new MockGithubError("USAGE", message, remedy ?? "Run `pnpm mock-github --help`."),
  })
    .option("json", {
      type: "boolean",
      default: false,
      describe: "print the URL(s) and errors as one JSON object on stdout",
    })
    .command(
      "serve",
      "Serve the mock GitHub (REST, artifact service, blobs, /_mock control API) on 127.0.0.1",
      (y) =>
        y
          // Checked while parsing (cli-kit's numberOption): "abc" or 70000 is a usage error before
          // the state directory is created or anything listens, not a RangeError with a stack.
          .option("port", {
            type: "string",
            requiresArg: true,
            default: "0",
            coerce: numberOption(portRule("--port")),
            describe: "TCP port of the API (0 picks a free one)",
          })
          .option("blob-port", {
            type: "string",
            requiresArg: true,
            default: "0",
            coerce: numberOption(portRule("--blob-port")),
            describe: "TCP port of blob storage, a separate origin as on GitHub (0 picks a free one)",
          })
          .option("state", {
            type: "string",
            describe: "State directory shared by separate invocations (default: in memory)",
          }),
      guard(report, async (argv) => {
        const server = await startMockServer({ port: argv.port, blobPort: argv.blobPort, stateDir: argv.state });
        console.log(argv.json ? JSON.stringify({ url: server.url, blobUrl: server.blobUrl }) : server.url);
        await new Promise<void>((resolve) => {
          const stop = () => resolve();
          process.once("SIGINT", stop);
          process.once("SIGTERM", stop);
        });
        await server.close();
        return EXIT.ok;
      }),
    )
    .command(
      "url",
      "Print the URL of the server that owns a state directory (exit 1 if none)",
      (y) => y.option("state", { type: "string", demandOption: true }),
      guard(report, (argv) => {
        const owner = readStateDirOwner(argv.state);
        if (!owner?.url) {
          // Nothing found: the answer to the question, not an error (exit 1, as `perfgate artifact find`).
          console.error(
            `${CLI}: no mock-github server owns ${argv.state}; start one with \`pnpm mock-github serve --state ${argv.state}\``,
          );
          if (argv.json) console.log(JSON.stringify({ url: null }));
          return EXIT.failed;
        }
        console.log(argv.json ? JSON.stringify({ url: owner.url }) : owner.url);
        return EXIT.ok;
      }),
    )
    .demandCommand(1, "name a command: serve or url")
    .parseAsync();
}

const args = hideBin(process.argv);
main(args).catch((error: unknown) => {
  process.exit(reportError(error, { ...report, json: args.includes("--json") }));
});
