import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import yargs from "yargs";
import { describe, expect, it } from "vitest";
import {
  EXIT,
  errorFields,
  reportError,
  STOP_SIGNALS,
  setupCli,
  signalExitCode,
  stringOptions,
  withStdoutOnStderr,
} from "../src/index.ts";

class KnownError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly remedy: string,
  ) {
    super(message);
  }
}

/** The two streams as strings, and the writers that fill them. */
function capture() {
  const chunks: Record<"stdout" | "stderr", string[]> = { stdout: [], stderr: [] };
  const out = {
    get stdout() {
      return chunks.stdout.join("");
    },
    get stderr() {
      return chunks.stderr.join("");
    },
  };
  return {
    out,
    io: { stdout: (s: string) => void chunks.stdout.push(s), stderr: (s: string) => void chunks.stderr.push(s) },
  };
}

describe("reportError", () => {
  it("prints `<cli>: error:` and `  remedy:`, and with json one line {error:{code,message,remedy}}; exit 2", () => {
    const { out, io } = capture();
    const code = reportError(new KnownError("BAD", "the file is bad", "use a good one"), {
      cli: "tool",
      json: true,
      ...io,
    });
    expect(code).toBe(EXIT.error);
    expect(out.stderr).toBe("tool: error: the file is bad\n  remedy: use a good one\n");
    expect(out.stdout).toBe('{"error":{"code":"BAD","message":"the file is bad","remedy":"use a good one"}}\n');
  });

  it("an error without code and remedy is a bug: INTERNAL, its stack on stderr only", () => {
    const { out, io } = capture();
    expect(reportError(new TypeError("x is undefined"), { cli: "tool", json: true, ...io })).toBe(2);
    expect(JSON.parse(out.stdout).error).toEqual({
      code: "INTERNAL",
      message: "unexpected error: x is undefined",
      remedy: "this is a bug in tool; please report it with the command line you ran",
    });
    expect(out.stderr).toMatch(/^tool: error: unexpected error: TypeError: x is undefined\n {4}at /);
  });

  it("a signal's error code exits 130; tokens are blanked out", () => {
    const { out, io } = capture();
    const e = new KnownError("INTERRUPTED", "stopped; token s3cr3t-token", "run it again");
    expect(reportError(e, { cli: "tool", secrets: ["s3cr3t-token"], ...io })).toBe(EXIT.interrupted);
    expect(out.stderr).not.toContain("s3cr3t-token");
    expect(errorFields(e, "tool").known).toBe(true);
  });
});

describe("exitOnStopSignals", () => {
  it("the exit code of a signal is the shell's 128 + its number", () => {
    expect(STOP_SIGNALS.map(signalExitCode)).toEqual([130, 143, 129]);
    expect(signalExitCode("SIGINT")).toBe(EXIT.interrupted);
  });

  // A real process: the handler must run, then "exit" handlers, then the process must end.
  for (const signal of STOP_SIGNALS) {
    it(`${signal}: stop() runs, then the exit handlers, and the process exits ${signalExitCode(signal)}`, async () => {
      const index = fileURLToPath(new URL("../src/index.ts", import.meta.url));
      const script = `import { exitOnStopSignals } from ${JSON.stringify(index)};
        exitOnStopSignals((s) => process.stderr.write("stop " + s + ";"));
        process.on("exit", (c) => process.stderr.write("exit " + c));
        setInterval(() => {}, 1000);
        process.stderr.write("ready;");`;
      const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
        stdio: ["ignore", "ignore", "pipe"],
      });
      let stderr = "";
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk;
        if (stderr === "ready;") child.kill(signal);
      });
      const code = await new Promise((resolve) => child.once("exit", (c, s) => resolve(c ?? s)));
      expect(stderr).toBe(`ready;stop ${signal};exit ${signalExitCode(signal)}`);
      expect(code).toBe(signalExitCode(signal));
    });
  }
});

describe("setupCli", () => {
  it("turns yargs' validation message into the CLI's usage error and stops before the handler", async () => {
    let ran = false;
    const cli = setupCli(yargs(["go", "--nope"]), {
      name: "tool",
      usageError: (message) => new KnownError("USAGE", message, "see `tool --help`"),
    }).command(
      "go",
      "go",
      (y) => y.options(stringOptions({ where: "where to go" })),
      (argv) => {
        ran = argv.where === undefined;
      },
    );
    await expect((async () => cli.parseAsync())()).rejects.toMatchObject({
      code: "USAGE",
      message: "Unknown argument: nope",
    });
    expect(ran).toBe(false);
  });

  it("a handler's own error passes through unchanged", async () => {
    const boom = new KnownError("BOOM", "boom", "less boom");
    const cli = setupCli(yargs(["go"]), { name: "tool", usageError: (m) => new Error(m) }).command(
      "go",
      "go",
      () => {},
      () => {
        throw boom;
      },
    );
    await expect((async () => cli.parseAsync())()).rejects.toBe(boom);
  });
});

it("withStdoutOnStderr keeps stdout for the result and drops what it is told to", async () => {
  const seen: string[] = [];
  const stderrWrite = process.stderr.write;
  process.stderr.write = ((chunk: string) => seen.push(chunk) > 0) as typeof process.stderr.write;
  try {
    const value = await withStdoutOnStderr(
      async () => {
        process.stdout.write("log line\n");
        process.stdout.write("::debug::noise\n");
        return 42;
      },
      { drop: (chunk) => chunk.startsWith("::debug::") },
    );
    expect(value).toBe(42);
  } finally {
    process.stderr.write = stderrWrite;
  }
  expect(seen).toEqual(["log line\n"]);
});

it("withStdoutOnStderr leaves out @actions/core's ::add-mask:: lines off a GitHub runner, and keeps them on one", async () => {
  const seen: string[] = [];
  const stderrWrite = process.stderr.write;
  process.stderr.write = ((chunk: string) => seen.push(chunk) > 0) as typeof process.stderr.write;
  try {
    for (const GITHUB_ACTIONS of ["", "true"]) {
      await withStdoutOnStderr(
        async () => {
          process.stdout.write("::add-mask::s3cr3t-signature\n");
        },
        { env: { GITHUB_ACTIONS } },
      );
    }
  } finally {
    process.stderr.write = stderrWrite;
  }
  expect(seen).toEqual(["::add-mask::s3cr3t-signature\n"]); // only the run with GITHUB_ACTIONS=true
});
