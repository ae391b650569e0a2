import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import yargs from "yargs";
import { describe, expect, it } from "vitest";
import {
  EXIT,
  errorFields,
  type NumberRule,
  numberOption,
  numberProblem,
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

const port: NumberRule = {
  flag: "--port",
  min: 0,
  max: 65535,
  integer: true,
  note: "0 picks a free port",
  example: "--port 8080",
};

describe("numberProblem", () => {
  const seconds: NumberRule = { flag: "--timeout", min: 1, max: 86400, unit: "seconds", example: "--timeout 600" };
  const message = (value: unknown, rule = port) => {
    const r = numberProblem(value, rule);
    return "message" in r ? r.message : r.value;
  };

  it("takes decimal numbers within the range, as typed or as yargs parsed them", () => {
    expect(message("8080")).toBe(8080);
    expect(message(" 0 ")).toBe(0);
    expect(message(65535)).toBe(65535);
    expect(message("0.5", { ...seconds, min: 0.1 })).toBe(0.5);
    expect(message("1e3", { ...seconds, min: 0.1 })).toBe(1000);
    expect(message(undefined)).toBeUndefined();
  });

  it("names the flag, the value as given and the range: not a number, not whole, out of range", () => {
    const range = "it takes a whole number from 0 to 65535 (0 picks a free port)";
    expect(message("abc")).toBe(`--port "abc" is not a number; ${range}`);
    expect(message("")).toBe(`--port "" is not a number; ${range}`);
    expect(message("0x10")).toBe(`--port "0x10" is not a number; ${range}`);
    expect(message("8080abc")).toBe(`--port "8080abc" is not a number; ${range}`);
    expect(message("1.5")).toBe(`--port "1.5" is not a whole number; ${range}`);
    expect(message("70000")).toBe(`--port "70000" is out of range; ${range}`);
    expect(message(-1)).toBe(`--port "-1" is out of range; ${range}`);
    expect(message("0", seconds)).toBe('--timeout "0" is out of range; it takes a number of seconds from 1 to 86400');
    expect(message(["1", "2"])).toBe("--port was given 2 times (1, 2); it takes one value");
  });

  it("the remedy says what to give, with an example; without a maximum the range says 'at least'", () => {
    const r = numberProblem("0", { flag: "--artifact-id", min: 1, integer: true, example: "--artifact-id 42" });
    expect(r).toEqual({
      message: '--artifact-id "0" is out of range; it takes a whole number of at least 1',
      remedy: "Give --artifact-id a whole number of at least 1, e.g. `--artifact-id 42`; nothing was run or written.",
    });
  });
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

  it("a numberOption out of range stops before the handler, with the flag, the value, the range and a remedy", async () => {
    let ran = false;
    const seen: { message?: string; remedy?: string | undefined } = {};
    const cli = setupCli(yargs(["serve", "--port", "abc"]), {
      name: "tool",
      usageError: (message, _usage, _cause, remedy) => {
        Object.assign(seen, { message, remedy });
        return new KnownError("USAGE", message, remedy ?? "see `tool --help`");
      },
    }).command(
      "serve",
      "serve",
      (y) => y.option("port", { type: "string", requiresArg: true, default: "0", coerce: numberOption(port) }),
      (argv) => {
        ran = typeof argv.port === "number";
      },
    );
    await expect((async () => cli.parseAsync())()).rejects.toMatchObject({
      code: "USAGE",
      message: '--port "abc" is not a number; it takes a whole number from 0 to 65535 (0 picks a free port)',
      remedy:
        "Give --port a whole number from 0 to 65535 (0 picks a free port), e.g. `--port 8080`; nothing was run or written.",
    });
    expect(ran).toBe(false);
    expect(seen.remedy).toMatch(/^Give --port /);
  });

  it("a valid numberOption reaches the handler as a number, its default too", async () => {
    const ports: unknown[] = [];
    for (const args of [["serve", "--port", "8080"], ["serve"]]) {
      await setupCli(yargs(args), { name: "tool", usageError: (m) => new Error(m) })
        .command(
          "serve",
          "serve",
          (y) => y.option("port", { type: "string", requiresArg: true, default: "0", coerce: numberOption(port) }),
          (argv) => void ports.push(argv.port),
        )
        .parseAsync();
    }
    expect(ports).toEqual([8080, 0]);
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
